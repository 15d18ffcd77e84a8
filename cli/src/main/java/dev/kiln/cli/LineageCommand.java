package dev.kiln.cli;

import dev.kiln.core.plan.MetadataKeys;
import dev.kiln.core.spec.CanonicalJson;
import dev.kiln.metadata.Artifact;
import dev.kiln.metadata.Event;
import dev.kiln.metadata.Execution;
import dev.kiln.metadata.Lineage;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.function.Function;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

@Command(mixinStandardHelpOptions = true, name = "lineage", description = "Draw what an artifact was made from (or, with --downstream, what was made from it).")
final class LineageCommand implements Callable<Integer> {
  @ParentCommand KilnCli root;

  @Parameters(index = "0", paramLabel = "ARTIFACT", description = "Artifact id (as in kiln artifacts, e.g. 12 or #12) or its URI.")
  String artifact;

  @Option(names = "--downstream", description = "Show what was made from the artifact.")
  boolean downstream;

  @Option(names = "--depth", defaultValue = "2147483647", description = "How many steps to follow (default: all).")
  int depth;

  private Map<Long, Artifact> artifacts;
  private Map<Long, Execution> executions;
  private List<Event> events;
  private Console console;

  @Override
  public Integer call() {
    try (Session s = Session.open(root.projectDir(), false, root.console)) {
      long id = resolve(s);
      Lineage lineage = s.store.lineage(id, downstream ? Lineage.Direction.DOWNSTREAM : Lineage.Direction.UPSTREAM, depth);
      artifacts = lineage.artifacts().stream().collect(Collectors.toMap(Artifact::id, Function.identity()));
      executions = lineage.executions().stream().collect(Collectors.toMap(Execution::id, Function.identity()));
      events = lineage.events();
      console = root.console;
      Artifact a = artifacts.containsKey(id) ? artifacts.get(id) : s.store.artifact(id).orElseThrow();
      console.info(describe(a));
      artifactNode(a.id(), "", new HashSet<>());
    }
    return KilnCli.OK;
  }

  private long resolve(Session s) {
    String text = artifact.startsWith("#") ? artifact.substring(1) : artifact;
    if (text.matches("\\d+")) {
      long id = Long.parseLong(text);
      if (s.store.artifact(id).isEmpty()) {
        throw new UserError("no artifact #" + id + "; list them with: kiln artifacts");
      }
      return id;
    }
    return s.store.newestArtifacts(Integer.MAX_VALUE).stream()
        .filter(a -> a.uri().equals(text) || a.uri().equals(text.replaceAll("/+$", "")))
        .map(Artifact::id).findFirst()
        .orElseThrow(() -> new UserError("no artifact with URI " + text + "; list them with: kiln artifacts"));
  }

  /** Children of an artifact: the execution that made it (upstream) or those that read it (downstream). */
  private void artifactNode(long artifactId, String indent, Set<Long> seen) {
    Event.Type link = downstream ? Event.Type.INPUT : Event.Type.OUTPUT;
    List<Execution> linked = events.stream()
        .filter(e -> e.artifactId() == artifactId && e.type() == link && executions.containsKey(e.executionId()))
        .map(e -> executions.get(e.executionId())).distinct()
        .sorted(Comparator.comparingLong(Execution::id)).toList();
    // The execution that made or read it first; cached re-uses are counted, not drawn.
    List<Execution> real = linked.stream().filter(e -> e.state() != Execution.State.CACHED).toList();
    long cached = linked.size() - real.size();
    List<Execution> shown = real.isEmpty() ? linked.stream().limit(1).toList() : real;
    for (int i = 0; i < shown.size(); i++) {
      boolean last = i == shown.size() - 1 && cached == 0;
      Execution e = shown.get(i);
      console.info(indent + (last ? "└── " : "├── ") + describe(e));
      executionNode(e, indent + (last ? "    " : "│   "), seen);
    }
    if (cached > 0) {
      console.info(indent + "└── (reused from cache by " + cached + " later run" + (cached == 1 ? "" : "s") + ")");
    }
  }

  private void executionNode(Execution e, String indent, Set<Long> seen) {
    if (!seen.add(e.id())) {
      console.info(indent + "└── (shown above)");
      return;
    }
    Event.Type link = downstream ? Event.Type.OUTPUT : Event.Type.INPUT;
    List<Event> edges = events.stream().filter(ev -> ev.executionId() == e.id() && ev.type() == link && artifacts.containsKey(ev.artifactId()))
        .sorted(Comparator.comparing(Event::path)).toList();
    List<String> external = downstream ? List.of() : externalInputs(e);
    int total = edges.size() + external.size();
    int n = 0;
    for (String file : external) {
      n++;
      console.info(indent + (n == total ? "└── " : "├── ") + "reads " + file);
    }
    for (Event ev : edges) {
      n++;
      boolean last = n == total;
      console.info(indent + (last ? "└── " : "├── ") + ev.path() + ": " + describe(artifacts.get(ev.artifactId())));
      artifactNode(ev.artifactId(), indent + (last ? "    " : "│   "), seen);
    }
  }

  private static List<String> externalInputs(Execution e) {
    List<String> files = new ArrayList<>();
    String config = e.stringProperty(MetadataKeys.CONFIG);
    if (config != null && e.stringProperty(MetadataKeys.EXTERNAL) != null) {
      try {
        var node = CanonicalJson.MAPPER.readTree(config);
        if (node.hasNonNull("path")) {
          files.add(node.get("path").asText());
        }
      } catch (Exception ignored) {
        // config is written by Kiln; an unreadable one only loses this line
      }
    }
    return files;
  }

  private static String describe(Artifact a) {
    Long records = a.longProperty(MetadataKeys.RECORDS);
    return "#" + a.id() + " " + a.type() + " " + a.name() + " · " + Console.count(records == null ? 0 : records)
        + " rows · fp " + Console.shortHash(a.stringProperty(MetadataKeys.FINGERPRINT));
  }

  private static String describe(Execution e) {
    return e.name() + " (" + e.type() + ", execution " + e.id() + ", " + e.state() + ", run " + e.stringProperty(MetadataKeys.RUN_NAME) + ")";
  }
}
