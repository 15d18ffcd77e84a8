package dev.kiln.runners.flink;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;

/**
 * The Flink configuration Kiln's jobs are submitted with. Beam's FlinkRunner reads Flink settings only
 * from a configuration folder ({@code FlinkPipelineOptions.flinkConfDir}), so this writes one
 * ({@code config.yaml}) into a temporary folder that is removed when the JVM exits.
 */
final class ClientConfiguration {
  private ClientConfiguration() {}

  /** The settings: the job-id listener, and failing a batch job at its first error (no restarts). */
  static Map<String, String> settings() {
    Map<String, String> s = new TreeMap<>();
    s.put("execution.job-listeners", "[" + JobSubmissionListener.class.getName() + "]");
    // Kiln commits a step's outputs only when its job succeeds; retrying a failed batch job would only
    // repeat the step's error later.
    s.put("restart-strategy.type", "none");
    return s;
  }

  /** Writes the settings to {@code config.yaml} in a new temporary folder and returns the folder. */
  static Path write() {
    try {
      Path dir = Files.createTempDirectory("kiln-flink-conf");
      Path file = dir.resolve("config.yaml");
      StringBuilder yaml = new StringBuilder("# written by Kiln for the FlinkRunner's client side\n");
      settings().forEach((k, v) -> yaml.append(k).append(": ").append(v).append('\n'));
      Files.writeString(file, yaml, StandardCharsets.UTF_8);
      file.toFile().deleteOnExit();
      dir.toFile().deleteOnExit();
      return dir;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write Flink's client configuration to the temporary folder", e);
    }
  }
}
