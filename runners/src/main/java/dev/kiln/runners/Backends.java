package dev.kiln.runners;

import dev.kiln.core.run.Backend;
import dev.kiln.core.spec.SpecException;
import dev.kiln.runners.flink.ClusterProbe;
import dev.kiln.runners.flink.FlinkBackend;
import dev.kiln.runners.flink.FlinkMaster;
import dev.kiln.runners.flink.JobJars;

/** Finds a backend by the name a user gives ({@code --runner}). */
public final class Backends {
  private Backends() {}

  public static Backend named(String name) {
    return named(name, BackendOptions.defaults());
  }

  /**
   * The backend {@code name} with {@code options}. A Flink cluster is probed here, so a wrong
   * {@code --flink-master} or a cluster that is down fails before a run starts.
   */
  public static Backend named(String name, BackendOptions options) {
    return switch (name) {
      case "direct" -> options.parallelism() > 0 ? new DirectBackend(false, options.parallelism()) : DirectBackend.forRuns();
      case "flink" -> flink(options);
      default -> throw new SpecException("unknown runner '" + name + "'; this build of Kiln runs on: direct, flink");
    };
  }

  private static Backend flink(BackendOptions options) {
    FlinkMaster master = FlinkMaster.parse(options.flinkMaster());
    if (master.embedded()) {
      int cores = Runtime.getRuntime().availableProcessors();
      return FlinkBackend.embedded(options.parallelism() > 0 ? options.parallelism() : cores);
    }
    return FlinkBackend.cluster(master, options.parallelism(),
        options.jobJars().isEmpty() ? JobJars.fromClassPath() : options.jobJars(), ClusterProbe.standard());
  }
}
