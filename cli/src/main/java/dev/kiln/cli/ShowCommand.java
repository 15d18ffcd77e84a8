package dev.kiln.cli;

import dev.kiln.core.artifact.DocumentRenderers;
import dev.kiln.core.artifact.DocumentWriter;
import dev.kiln.core.artifact.Manifest;
import dev.kiln.core.plan.MetadataKeys;
import dev.kiln.metadata.Artifact;
import dev.kiln.metadata.Context;
import dev.kiln.metadata.Event;
import dev.kiln.metadata.Execution;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

@Command(mixinStandardHelpOptions = true, name = "show", description = "Show one run: its steps, their state, timing and outputs.")
final class ShowCommand implements Callable<Integer> {
  @ParentCommand KilnCli root;

  @Parameters(index = "0", paramLabel = "RUN", description = "The run name (see kiln runs), or 'last'.")
  String runName;

  @Override
  public Integer call() {
    try (Session s = Session.open(root.projectDir(), false, root.console)) {
      new dev.kiln.core.run.RunRecovery(s.store, s.artifacts).recover();
      Context run = find(s, runName);
      Console c = root.console;
      c.info("Run " + run.name() + "  " + run.stringProperty(MetadataKeys.STATE));
      c.info("  started  " + RunsCommand.started(run) + " · took " + RunsCommand.elapsed(run) + " · runner " + run.stringProperty(MetadataKeys.RUNNER));
      c.info("  spec     " + Console.shortHash(run.stringProperty(MetadataKeys.SPEC_HASH)));
      if (run.stringProperty(MetadataKeys.ERROR) != null) {
        c.info("  error    " + run.stringProperty(MetadataKeys.ERROR));
      }
      trace(run.stringProperty(MetadataKeys.ERROR_TRACE), "    ");
      List<Execution> executions = s.store.executionsOfContext(run.id());
      Map<Long, List<Event>> events = s.store.eventsByExecutions(executions.stream().map(Execution::id).toList())
          .stream().collect(Collectors.groupingBy(Event::executionId));
      for (Execution e : executions) {
        Long ms = e.longProperty(MetadataKeys.ELAPSED_MS);
        c.info("");
        c.info("  " + e.name() + " (" + e.type() + ", execution " + e.id() + ")  " + e.state()
            + (ms != null ? "  " + Console.seconds(ms) : "")
            + ("none".equals(e.stringProperty(MetadataKeys.BACKEND)) || e.stringProperty(MetadataKeys.BACKEND) == null ? "" : "  on " + e.stringProperty(MetadataKeys.BACKEND)));
        if (e.stringProperty(MetadataKeys.REASON) != null) {
          c.info("    why      " + e.stringProperty(MetadataKeys.REASON));
        }
        if (e.stringProperty(MetadataKeys.ERROR) != null) {
          c.info("    error    " + e.stringProperty(MetadataKeys.ERROR));
        }
        trace(e.stringProperty(MetadataKeys.ERROR_TRACE), "      ");
        if (e.stringProperty(MetadataKeys.JOB_ID) != null) {
          c.info("    job      " + e.stringProperty(MetadataKeys.BACKEND) + " job " + e.stringProperty(MetadataKeys.JOB_ID));
        }
        for (Event ev : events.getOrDefault(e.id(), List.of())) {
          Artifact a = s.store.artifact(ev.artifactId()).orElse(null);
          if (a == null) {
            continue;
          }
          String dir = ev.type() == Event.Type.INPUT ? "in  " : "out ";
          boolean dataset = MetadataKeys.DATASET.equals(a.type());
          String what = dataset ? Console.count(nz(a.longProperty(MetadataKeys.RECORDS))) + " rows" : a.type();
          c.info("    " + dir + Console.pad(ev.path(), 10) + " #" + a.id() + " " + what
              + "  fp " + Console.shortHash(a.stringProperty(MetadataKeys.FINGERPRINT)) + "  " + a.uri());
          if (!dataset && ev.type() == Event.Type.OUTPUT) {
            showDocument(s, a);
          }
          if (dataset && ev.type() == Event.Type.OUTPUT) {
            showFloat32Note(s, a);
          }
        }
      }
    }
    return KilnCli.OK;
  }

  /** With --verbose, the stack trace of a failure's root cause, as it was recorded (credentials redacted). */
  private void trace(String trace, String indent) {
    if (root.verbose && trace != null) {
      trace.lines().forEach(line -> root.console.info(indent + line));
    }
  }

  /** A TFRecord dataset with double columns holds them as float32: say so, since the schema says double. */
  private void showFloat32Note(Session s, Artifact a) {
    Manifest m;
    try {
      m = s.artifacts.readManifest(a.uri()).orElse(null);
    } catch (RuntimeException e) {
      return; // the dataset line above is what there is to show
    }
    if (m == null || m.format() != dev.kiln.core.artifact.DatasetFormat.TFRECORD) {
      return;
    }
    List<String> doubles = m.beamSchema().getFields().stream()
        .filter(f -> f.getType().getTypeName() == org.apache.beam.sdk.schemas.Schema.TypeName.DOUBLE
            || (f.getType().getTypeName().isCollectionType()
                && f.getType().getCollectionElementType().getTypeName() == org.apache.beam.sdk.schemas.Schema.TypeName.DOUBLE))
        .map(org.apache.beam.sdk.schemas.Schema.Field::getName).toList();
    if (!doubles.isEmpty()) {
      root.console.info("    note     TFRecord holds doubles as float32 (tf.train.Example has no double list): "
          + String.join(", ", doubles));
    }
  }

  /** A step's document output (metrics, a model, ...) as its renderer draws it, indented under the step. */
  private void showDocument(Session s, Artifact a) {
    String text;
    try {
      Manifest m = s.artifacts.readManifest(a.uri())
          .orElseThrow(() -> new IllegalStateException("its manifest is missing"));
      text = renderers().render(a.type(), DocumentWriter.readCommitted(m));
    } catch (RuntimeException e) {
      text = "(cannot show it: " + e.getMessage() + ")";
    }
    text.lines().forEach(line -> root.console.info("        " + line));
  }

  private DocumentRenderers renderers;

  private DocumentRenderers renderers() {
    if (renderers == null) {
      renderers = DocumentRenderers.load();
    }
    return renderers;
  }

  static Context find(Session s, String name) {
    if (name.equals("last") || name.equals("latest")) {
      return s.store.contextsOfType(MetadataKeys.RUN, 1).stream().findFirst()
          .orElseThrow(() -> new UserError("there are no runs yet"));
    }
    return s.store.contextByName(MetadataKeys.RUN, name)
        .orElseThrow(() -> new UserError("no run named '" + name + "'; list runs with: kiln runs"));
  }

  private static long nz(Long v) {
    return v == null ? 0 : v;
  }
}
