package dev.kiln.runners.flink;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.TreeMap;

/**
 * The Flink configuration Kiln's jobs are submitted with. Beam's FlinkRunner reads Flink settings only
 * from a configuration folder ({@code FlinkPipelineOptions.flinkConfDir}), so this writes one
 * ({@code config.yaml}) into a temporary folder that is removed when the JVM exits.
 */
final class ClientConfiguration {
  private ClientConfiguration() {}

  /** The loopback address every socket of an embedded mini cluster binds to. */
  static final String LOOPBACK = "127.0.0.1";
  /** The pause before a restarted job's tasks run again (a TaskManager needs a moment to come back). */
  static final int RESTART_DELAY_SECONDS = 10;

  /**
   * The settings: the job-id listener, and failing a batch job at its first error (no restarts). For
   * Flink inside this process, also where its servers listen: only on loopback. A mini cluster opens
   * a REST API (which shows the class path and JVM options, and cancels jobs, without authentication)
   * and a blob server, both on every interface by default; Kiln's client reaches them on 127.0.0.1
   * only, so nothing else may.
   */
  static Map<String, String> settings(boolean embedded, int restarts, List<Path> userJars) {
    Map<String, String> s = new TreeMap<>();
    if (embedded && !userJars.isEmpty()) {
      // jars added while Kiln runs (--jar) are not on the class path the mini cluster's task class
      // loader starts from; Flink adds the job's class paths to it (a cluster gets them as job jars)
      s.put("pipeline.classpaths", userJars.stream().map(p -> p.toUri().toString()).collect(Collectors.joining(";")));
    }
    if (embedded) {
      s.put("rest.bind-address", LOOPBACK);
      s.put("rest.address", LOOPBACK);
      s.put("rest.bind-port", "0"); // any free port: two embedded runs on one machine must not collide
      s.put("jobmanager.bind-host", LOOPBACK); // the blob server
      s.put("jobmanager.rpc.address", LOOPBACK);
      s.put("taskmanager.bind-host", LOOPBACK);
      s.put("taskmanager.host", LOOPBACK);
    }
    s.put("execution.job-listeners", "[" + JobSubmissionListener.class.getName() + "]");
    if (restarts > 0) {
      // Asked for (--flink-restarts): a lost TaskManager on a cluster restarts the failed tasks after a
      // pause instead of failing the stage at once.
      s.put("restart-strategy.type", "fixed-delay");
      s.put("restart-strategy.fixed-delay.attempts", Integer.toString(restarts));
      s.put("restart-strategy.fixed-delay.delay", RESTART_DELAY_SECONDS + " s");
    } else {
      // The default: a step's own error (bad data, a bug) would only repeat on every attempt.
      s.put("restart-strategy.type", "none");
    }
    return s;
  }

  /** Writes the settings to {@code config.yaml} in a new temporary folder and returns the folder. */
  static Path write(boolean embedded, int restarts, List<Path> userJars) {
    try {
      Path dir = Files.createTempDirectory("kiln-flink-conf");
      Path file = dir.resolve("config.yaml");
      StringBuilder yaml = new StringBuilder("# written by Kiln for the FlinkRunner's client side\n");
      settings(embedded, restarts, userJars).forEach((k, v) -> yaml.append(k).append(": ").append(v).append('\n'));
      Files.writeString(file, yaml, StandardCharsets.UTF_8);
      file.toFile().deleteOnExit();
      dir.toFile().deleteOnExit();
      return dir;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write Flink's client configuration to the temporary folder", e);
    }
  }
}
