package dev.kiln.cli;

import dev.kiln.core.artifact.DocumentWriter;
import dev.kiln.core.artifact.Manifest;
import dev.kiln.core.step.ArtifactKind;
import dev.kiln.metadata.Artifact;
import dev.kiln.metadata.Context;
import dev.kiln.metadata.Event;
import dev.kiln.metadata.Execution;
import dev.kiln.serving.ModelServer;
import dev.kiln.serving.ModelSource;
import dev.kiln.serving.ServedModels;
import dev.kiln.serving.ServerSettings;
import dev.kiln.serving.ServingFolder;
import dev.kiln.serving.deploy.LiveVersionLog;
import dev.kiln.core.project.KilnProject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import sun.misc.Signal;

/**
 * {@code kiln serve}: serves models over the Open Inference Protocol (docs/serving.md) until SIGTERM or
 * Ctrl-C, which stop accepting, let the requests in flight finish and exit 0. A folder's live version
 * is followed: a new push or deploy is served within {@code --poll-ms} without a restart.
 */
@Command(mixinStandardHelpOptions = true, name = "serve",
    description = "Serve models over HTTP (Open Inference Protocol / KServe v2 REST): a push or deploy folder (its live version), a Model artifact id, or a run's models.")
final class ServeCommand implements Callable<Integer> {
  @ParentCommand KilnCli root;

  @Parameters(arity = "1..*", paramLabel = "MODEL",
      description = "A folder of model versions (push destination or deploy target, e.g. models/taxi), a Model artifact id (12 or #12), or run:RUN (a run's models; run:last).")
  List<String> models;

  @Option(names = "--name", paramLabel = "NAME", description = "The name to serve the (one) model under (default: the folder's name, or the pipeline's).")
  String name;

  @Option(names = "--host", defaultValue = ServerSettings.DEFAULT_HOST, description = "The address to listen on (default ${DEFAULT-VALUE}; 0.0.0.0 for every interface).")
  String host;

  @Option(names = "--port", defaultValue = "8080", description = "The port (default ${DEFAULT-VALUE}; 0: any free one).")
  int port;

  @Option(names = "--max-body-bytes", defaultValue = "8388608", description = "The largest request body taken (default ${DEFAULT-VALUE}).")
  long maxBodyBytes;

  @Option(names = "--threads", defaultValue = "16", description = "Request threads (default ${DEFAULT-VALUE}).")
  int threads;

  @Option(names = "--poll-ms", defaultValue = "1000", description = "How often a folder's live version is checked (default ${DEFAULT-VALUE}).")
  long pollMillis;

  @Option(names = "--drain-seconds", defaultValue = "30", description = "How long a stop waits for requests in flight (default ${DEFAULT-VALUE}).")
  long drainSeconds;

  @Option(names = "--rollback", description = "Do not serve: make the version before the live one live in the (one) folder given, and exit. A running server follows within --poll-ms.")
  boolean rollback;

  @Override
  public Integer call() throws Exception {
    if (rollback) {
      return rollback();
    }
    ServerSettings settings;
    try {
      settings = ServerSettings.defaults().withHost(host).withPort(port).withMaxBodyBytes(maxBodyBytes)
          .withThreads(threads).withDrain(Duration.ofSeconds(drainSeconds));
    } catch (IllegalArgumentException e) {
      throw new UserError("serve: " + e.getMessage());
    }
    if (pollMillis < 10) {
      throw new UserError("serve: --poll-ms must be at least 10, not " + pollMillis);
    }
    List<ModelSource> sources = sources();
    ServedModels served;
    try {
      served = ServedModels.of(sources);
    } catch (IllegalArgumentException e) {
      throw new UserError("serve: " + e.getMessage());
    }
    served.onChange(root.console::info).onRollback(this::record).pollEvery(Duration.ofMillis(pollMillis));
    ModelServer server;
    try {
      server = ModelServer.start(served, settings);
    } catch (IOException e) {
      served.close();
      throw new UserError("serve: " + e.getMessage());
    }
    for (ModelSource s : sources) {
      String live = served.live(s.name()).map(m -> "version " + m.version()).orElse("no version yet");
      root.console.info("serving " + s.name() + " (" + live + ") at " + server.uri() + "v2/models/" + s.name() + "/infer");
    }
    root.console.info("metrics at " + server.uri() + "metrics; stop with Ctrl-C or SIGTERM");
    stopOn(server, "TERM");
    stopOn(server, "INT");
    server.join();
    served.close();
    root.console.info("stopped: requests in flight were answered");
    return KilnCli.OK;
  }

  /** On the signal: stop accepting and drain; {@link #call} then returns 0 from {@code join}. */
  private void stopOn(ModelServer server, String signal) {
    try {
      Signal.handle(new Signal(signal), s -> {
        root.console.info("SIG" + signal + ": stopping (no new requests; answering those in flight)");
        server.stop();
      });
    } catch (IllegalArgumentException | UnsupportedOperationException e) {
      // this JVM keeps the signal (-Xrs): it then ends the process itself
    }
  }

  private int rollback() {
    if (models.size() != 1 || !Files.isDirectory(path(models.get(0)))) {
      throw new UserError("serve --rollback takes one folder of model versions (e.g. models/taxi), not " + models);
    }
    ServingFolder folder = ServingFolder.at(path(models.get(0)));
    String before = folder.live().map(v -> v.version()).orElse("none");
    try {
      String now = folder.rollback().version();
      Instant since = Instant.now();
      root.console.info("rolled back " + folder + ": live version " + now + " (was " + before + ")");
      record(folder, "none".equals(before) ? null : before, now, since);
    } catch (IllegalStateException e) {
      throw new UserError("serve --rollback: " + e.getMessage());
    }
    return KilnCli.OK;
  }

  /**
   * Records a rollback in the metadata store of the project holding the serving folder, else of the
   * project of the current folder (or -C). With neither, the rollback stands unrecorded and says so:
   * a server need not belong to a project, and an operator rolling back must not be stopped by
   * bookkeeping.
   */
  private void record(ServingFolder folder, String previous, String version, Instant since) {
    Optional<KilnProject> project = KilnProject.find(folder.root()).or(() -> KilnProject.find(root.projectDir()));
    if (project.isEmpty()) {
      root.console.info("not recorded in a metadata store: no Kiln project holds " + folder + " or " + root.projectDir());
      return;
    }
    try (Session s = Session.open(project.get().dir(), false, root.console)) {
      long id = LiveVersionLog.in(s.store).recordRollback(folder, previous, version, since);
      root.console.info("recorded as rollback execution #" + id + " in " + project.get().dir().resolve(KilnProject.FOLDER)
          + ": version " + version + " of " + folder + " live since " + since);
    }
  }

  private List<ModelSource> sources() {
    if (name != null && models.size() > 1) {
      throw new UserError("serve: --name names one model, but " + models.size() + " are given");
    }
    List<ModelSource> sources = new ArrayList<>();
    Session session = null;
    try {
      for (String m : models) {
        String text = m.startsWith("#") ? m.substring(1) : m;
        if (text.startsWith("run:")) {
          session = session != null ? session : Session.open(root.projectDir(), false, root.console);
          sources.addAll(runModels(session, text.substring("run:".length())));
        } else if (text.matches("\\d+") && !Files.isDirectory(path(m))) {
          session = session != null ? session : Session.open(root.projectDir(), false, root.console);
          Artifact a = session.store.artifact(Long.parseLong(text))
              .orElseThrow(() -> new UserError("serve: there is no artifact #" + text + "; list them with: kiln artifacts"));
          sources.add(artifactSource(session, a, models.size() == 1 ? "pipeline" : null));
        } else {
          Path dir = path(m);
          if (!Files.isDirectory(dir)) {
            throw new UserError("serve: '" + m + "' is neither a folder of model versions, a Model artifact id nor run:RUN");
          }
          ServingFolder folder = ServingFolder.at(dir);
          sources.add(ModelSource.folder(name != null ? name : folder.root().getFileName().toString(), folder));
        }
      }
    } finally {
      if (session != null) {
        session.close();
      }
    }
    return sources;
  }

  /** Relative paths are taken from the current folder, as a shell user expects. */
  private static Path path(String m) {
    return Path.of(m).toAbsolutePath().normalize();
  }

  private List<ModelSource> runModels(Session s, String run) {
    Context ctx = ShowCommand.find(s, run);
    List<Long> executions = s.store.executionsOfContext(ctx.id()).stream().map(Execution::id).toList();
    List<Long> ids = s.store.eventsByExecutions(executions).stream()
        .filter(e -> e.type() == Event.Type.OUTPUT).map(Event::artifactId).distinct().toList();
    List<Artifact> found = s.store.artifacts(ids).stream().filter(a -> ArtifactKind.MODEL.equals(a.type())).toList();
    if (found.isEmpty()) {
      throw new UserError("serve: run " + ctx.name() + " made no model");
    }
    List<ModelSource> out = new ArrayList<>();
    for (Artifact a : found) {
      out.add(artifactSource(s, a, found.size() > 1 || models.size() > 1 ? null : "pipeline"));
    }
    return out;
  }

  /**
   * A Model artifact as a fixed source, version = its artifact id. Named after its pipeline when it is
   * the one model asked for, else {@code <pipeline>-<step>}.
   */
  private ModelSource artifactSource(Session s, Artifact a, String naming) {
    if (!ArtifactKind.MODEL.equals(a.type())) {
      throw new UserError("serve: artifact #" + a.id() + " is a " + a.type() + ", not a Model");
    }
    Manifest m = s.artifacts.readManifest(a.uri())
        .orElseThrow(() -> new UserError("serve: artifact #" + a.id() + " has no manifest at " + a.uri() + "; it was never committed"));
    String json = DocumentWriter.readCommitted(m);
    String modelName = naming != null ? m.producer().pipeline() : m.producer().pipeline() + "-" + m.producer().step();
    try {
      return ModelSource.fixed(name != null ? name : modelName, Long.toString(a.id()), json);
    } catch (IllegalArgumentException e) {
      throw new UserError("serve: artifact #" + a.id() + ": " + e.getMessage());
    }
  }
}
