package dev.kiln.core.api;

import dev.kiln.core.run.Backend;
import dev.kiln.core.run.RunListener;
import dev.kiln.core.step.StepRegistry;
import java.nio.file.Path;
import java.util.Objects;

/**
 * Where and how {@link KilnPipeline#run(RunOptions)} runs a pipeline: the project folder (its
 * {@code .kiln/} is created when missing, as {@code kiln run} does), the backend, the step types, and a
 * listener for progress. Immutable; each {@code with…} returns a copy.
 *
 * <p>Example of use:
 *
 * <pre>{@code
 * PipelineRun run = taxi.run(RunOptions.inProject(dir).withBackend(Backends.named("direct")));
 * }</pre>
 */
public final class RunOptions {
  private final Path project;
  private final Backend backend;
  private final StepRegistry registry;
  private final RunListener listener;

  private RunOptions(Path project, Backend backend, StepRegistry registry, RunListener listener) {
    this.project = project;
    this.backend = backend;
    this.registry = registry;
    this.listener = listener;
  }

  /** Runs in the project holding {@code dir} (or a new one there). */
  public static RunOptions inProject(Path dir) {
    return new RunOptions(Objects.requireNonNull(dir, "dir"), null, null, RunListener.NONE);
  }

  /** Where stages run: {@code dev.kiln.runners.Backends.named("direct")} (kiln-runners), or a backend of your own. */
  public RunOptions withBackend(Backend newBackend) {
    return new RunOptions(project, Objects.requireNonNull(newBackend, "backend"), registry, listener);
  }

  /** The step types (default: {@link StepRegistry#standard()}, Kiln's and those announced on the class path). */
  public RunOptions withRegistry(StepRegistry newRegistry) {
    return new RunOptions(project, backend, Objects.requireNonNull(newRegistry, "registry"), listener);
  }

  /** Told of the plan, each stage and each step as the run goes. */
  public RunOptions withListener(RunListener newListener) {
    return new RunOptions(project, backend, registry, Objects.requireNonNull(newListener, "listener"));
  }

  Path project() {
    return project;
  }

  Backend backend() {
    if (backend == null) {
      throw new IllegalArgumentException("name a backend: RunOptions.inProject(dir).withBackend(Backends.named(\"direct\"))"
          + " (dev.kiln.runners.Backends, in kiln-runners)");
    }
    return backend;
  }

  StepRegistry registry() {
    return registry != null ? registry : StepRegistry.standard();
  }

  RunListener listener() {
    return listener;
  }
}
