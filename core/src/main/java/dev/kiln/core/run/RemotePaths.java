package dev.kiln.core.run;

import dev.kiln.core.spec.SpecException;
import dev.kiln.core.step.ResolvedPipeline;
import dev.kiln.core.step.Step;
import dev.kiln.core.step.StepContext;
import java.nio.file.Path;
import java.util.List;

/**
 * Refuses, before anything is submitted, a run that would send a step to a {@link Backend#remote()
 * remote} backend (Dataflow) with a path only this machine has: a local artifact root (its workers
 * write the outputs and commit the manifests), a local input file, or a local folder it writes (a
 * push destination). Otherwise the job would be staged and started, and fail on a worker minutes
 * later with a file-not-found far from the cause. The error is one line naming the path and the step.
 *
 * <p>Example of use: {@code RemotePaths.check(pipeline, backends, project.artifactRoot(), project.dir())}
 * before {@code new Orchestrator(...).run(pipeline)}.
 */
public final class RemotePaths {
  private RemotePaths() {}

  public static void check(ResolvedPipeline pipeline, RunBackends backends, String artifactRoot, Path projectDir) {
    for (String name : pipeline.order()) {
      Backend backend = backendOf(pipeline, backends, name);
      if (backend == null || !backend.remote()) {
        continue;
      }
      if (local(artifactRoot)) {
        throw new SpecException("the artifact root " + artifactRoot + " is a local folder, but step '" + name + "' runs on "
            + backend.name() + ", whose workers write the outputs there; set artifacts: gs://BUCKET/PREFIX in .kiln/config.yaml");
      }
      Step step = pipeline.step(name);
      refuseLocal(pipeline, name, backend, step.externalInputs(), "input file", "read", projectDir);
      refuseLocal(pipeline, name, backend, step.optionalExternalInputs(), "input file", "read", projectDir);
      refuseLocal(pipeline, name, backend, step.externalOutputs(), "folder", "write", projectDir);
    }
  }

  /** The step's backend; null when it cannot be made here (that error is the run's to report, as before). */
  private static Backend backendOf(ResolvedPipeline pipeline, RunBackends backends, String step) {
    try {
      return backends.named(pipeline.stepSpec(step).backend());
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  private static void refuseLocal(ResolvedPipeline pipeline, String step, Backend backend, List<String> paths, String what,
      String verb, Path projectDir) {
    for (String path : paths) {
      String resolved = StepContext.resolve(projectDir, path);
      if (local(resolved)) {
        throw SpecException.at(pipeline.source(), step, "with", what + " " + resolved + " is on this machine, but the step runs on "
            + backend.name() + ", whose workers cannot " + verb + " it; use a gs:// location (or run the step on another backend)");
      }
    }
  }

  static boolean local(String location) {
    return !location.matches("^[a-zA-Z][-a-zA-Z0-9+.]*://.*") || location.startsWith("file://");
  }
}
