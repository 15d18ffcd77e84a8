package dev.kiln.runners;

import java.nio.file.Path;
import java.util.List;

/**
 * The settings a backend may take from the command line; each backend reads the ones it knows.
 * Immutable: {@code withX} returns a changed copy.
 *
 * @param flinkMaster {@code [local]} (default) or a Flink cluster's REST {@code host:port}
 * @param parallelism workers per stage; 0 for the backend's default (cores, or a cluster's task slots)
 * @param jobJars files staged to a Flink cluster, Kiln's shaded jar first; empty to take them from the
 *     class path Kiln runs with (see {@link dev.kiln.runners.flink.JobJars#fromClassPath})
 * @param flinkRestarts times Flink restarts a failed job (fixed delay); 0 fails the stage at once
 */
public record BackendOptions(String flinkMaster, int parallelism, List<Path> jobJars, int flinkRestarts) {
  public BackendOptions {
    jobJars = List.copyOf(jobJars);
  }

  public static BackendOptions defaults() {
    return new BackendOptions("[local]", 0, List.of(), 0);
  }

  public BackendOptions withFlinkMaster(String value) {
    return new BackendOptions(value, parallelism, jobJars, flinkRestarts);
  }

  public BackendOptions withParallelism(int value) {
    return new BackendOptions(flinkMaster, value, jobJars, flinkRestarts);
  }

  public BackendOptions withJobJars(List<Path> value) {
    return new BackendOptions(flinkMaster, parallelism, value, flinkRestarts);
  }

  public BackendOptions withFlinkRestarts(int value) {
    return new BackendOptions(flinkMaster, parallelism, jobJars, value);
  }
}
