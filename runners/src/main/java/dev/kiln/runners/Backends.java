package dev.kiln.runners;

import dev.kiln.core.run.Backend;
import dev.kiln.core.run.BackendProvider;
import dev.kiln.core.run.BackendProviders;
import dev.kiln.core.run.BackendSettings;
import dev.kiln.core.spec.SpecException;
import dev.kiln.runners.flink.ClusterProbe;
import dev.kiln.runners.flink.FlinkBackend;
import dev.kiln.runners.flink.FlinkMaster;
import dev.kiln.runners.flink.JobJars;

/**
 * Finds a backend by the name a user gives ({@code --runner}, a step's {@code backend:}): a built-in
 * one, or one a user added through a {@link BackendProvider}.
 */
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
      case "dataflow" -> throw new SpecException("the dataflow runner is made from its options"
          + " (--project, --region, --temp-location ...): use DataflowBackend with DataflowSettings");
      default -> BackendProviders.named(name)
          .map(p -> provided(p, options))
          .orElseThrow(() -> new SpecException("unknown runner '" + name + "'; this build of Kiln runs on: "
              + String.join(", ", BackendProviders.names()) + " (add one: a BackendProvider in a jar on KILN_CLASSPATH or --jar)"));
    };
  }

  /** A backend a user added; its refusal to be made here is a user error. */
  private static Backend provided(BackendProvider provider, BackendOptions options) {
    Backend backend;
    try {
      backend = provider.create(BackendSettings.defaults().withParallelism(Math.max(0, options.parallelism())));
    } catch (IllegalArgumentException e) {
      throw new SpecException("backend '" + provider.name() + "': " + e.getMessage());
    }
    if (backend == null || !provider.name().equals(backend.name())) {
      throw new IllegalStateException("backend provider " + provider.getClass().getName() + " named '" + provider.name()
          + "' made " + (backend == null ? "no backend" : "a backend named '" + backend.name() + "'"));
    }
    return backend;
  }

  private static Backend flink(BackendOptions options) {
    FlinkMaster master = FlinkMaster.parse(options.flinkMaster());
    if (master.embedded()) {
      int cores = Runtime.getRuntime().availableProcessors();
      return FlinkBackend.embedded(options.parallelism() > 0 ? options.parallelism() : cores).withRestarts(options.flinkRestarts());
    }
    return FlinkBackend.cluster(master, options.parallelism(),
        options.jobJars().isEmpty() ? JobJars.fromClassPath() : options.jobJars(), ClusterProbe.standard())
        .withRestarts(options.flinkRestarts());
  }
}
