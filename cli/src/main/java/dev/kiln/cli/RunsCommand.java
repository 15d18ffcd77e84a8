package dev.kiln.cli;

import dev.kiln.core.plan.MetadataKeys;
import dev.kiln.metadata.Context;
import dev.kiln.metadata.Execution;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

@Command(mixinStandardHelpOptions = true, name = "runs", description = "List recent runs, newest first.")
final class RunsCommand implements Callable<Integer> {
  static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(ZoneId.systemDefault());

  @ParentCommand KilnCli root;

  @Parameters(index = "0", arity = "0..1", paramLabel = "PIPELINE", description = "Only runs of this pipeline (its name).")
  String pipeline;

  @Option(names = "--limit", defaultValue = "20", description = "How many runs (default ${DEFAULT-VALUE}).")
  int limit;

  @Override
  public Integer call() {
    try (Session s = Session.open(root.projectDir(), false, root.console)) {
      new dev.kiln.core.run.RunRecovery(s.store, s.artifacts).recover();
      List<Context> runs;
      if (pipeline != null) {
        Context p = s.store.contextByName(MetadataKeys.PIPELINE, pipeline)
            .orElseThrow(() -> new UserError("no runs of a pipeline named '" + pipeline + "'"));
        runs = s.store.childContexts(p.id(), limit);
      } else {
        runs = s.store.contextsOfType(MetadataKeys.RUN, limit);
      }
      if (runs.isEmpty()) {
        root.console.info("No runs yet; start one with: kiln run pipelines/taxi.yaml");
        return KilnCli.OK;
      }
      // As wide as the longest run name shown, so a long pipeline name never runs into the state.
      int nameWidth = Math.max(36, runs.stream().mapToInt(r -> r.name().length()).max().orElse(0) + 2);
      for (Context r : runs) {
        Map<String, Long> byState = s.store.executionsOfContext(r.id()).stream()
            .collect(Collectors.groupingBy(e -> e.state().name().toLowerCase(), TreeMap::new, Collectors.counting()));
        root.console.info(Console.pad(r.name(), nameWidth) + Console.pad(r.stringProperty(MetadataKeys.STATE), 10)
            + Console.pad(started(r), 21) + Console.pad(elapsed(r), 8)
            + byState.entrySet().stream().map(e -> e.getValue() + " " + e.getKey()).collect(Collectors.joining(", ")));
      }
    }
    return KilnCli.OK;
  }

  static String started(Context r) {
    Long t = r.longProperty(MetadataKeys.STARTED);
    return t == null ? "-" : TIME.format(Instant.ofEpochMilli(t));
  }

  static String elapsed(Context r) {
    Long a = r.longProperty(MetadataKeys.STARTED);
    Long b = r.longProperty(MetadataKeys.ENDED);
    return a == null || b == null ? "-" : Console.seconds(b - a);
  }

  static String state(Execution e) {
    return e.state().name();
  }
}
