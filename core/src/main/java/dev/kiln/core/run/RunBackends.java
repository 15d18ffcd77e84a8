package dev.kiln.core.run;

import dev.kiln.core.plan.Stage;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * The backends of one run: the run's default, and the others steps name ({@code backend: flink}),
 * created on first use and then reused for every stage of the run.
 */
public final class RunBackends {
  private final Backend defaultBackend;
  private final Function<String, Backend> factory;
  private final Map<String, Backend> created = new HashMap<>();

  /**
   * @param factory creates a backend by name; throws IllegalArgumentException with a message for the
   *     user when that backend cannot be made here (e.g. dataflow without a project)
   */
  public RunBackends(Backend defaultBackend, Function<String, Backend> factory) {
    this.defaultBackend = defaultBackend;
    this.factory = factory;
  }

  /** Only the default backend; a step that names another gets a clear error. */
  public static RunBackends only(Backend backend) {
    return new RunBackends(backend, name -> {
      throw new IllegalArgumentException("the step names backend '" + name + "', but this run only has '" + backend.name() + "'");
    });
  }

  public Backend defaultBackend() {
    return defaultBackend;
  }

  /** The backend a stage runs on. */
  public Backend forStage(Stage stage) {
    return named(stage.backend());
  }

  /** The backend of a step's {@code backend:} ({@link Stage#DEFAULT_BACKEND} or null for the default). */
  public synchronized Backend named(String name) {
    if (name == null) {
      return defaultBackend;
    }
    if (Stage.DEFAULT_BACKEND.equals(name) || name.equals(defaultBackend.name())) {
      return defaultBackend;
    }
    return created.computeIfAbsent(name, factory);
  }
}
