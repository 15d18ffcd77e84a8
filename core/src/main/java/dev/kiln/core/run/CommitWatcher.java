package dev.kiln.core.run;

import dev.kiln.core.artifact.ArtifactStore;
import dev.kiln.core.artifact.Manifest;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Follows a running stage through the artifact store: a step is done when the manifests of all its
 * outputs are committed, and is then reported to the listener at once, while the rest of the job runs.
 */
final class CommitWatcher {
  private final ArtifactStore artifacts;
  private final RunListener listener;
  private final StageExecutions stage;
  private final long start;
  private final Map<String, Long> reported = new HashMap<>();

  CommitWatcher(ArtifactStore artifacts, RunListener listener, StageExecutions stage, long start) {
    this.artifacts = artifacts;
    this.listener = listener;
    this.stage = stage;
    this.start = start;
  }

  /** Reports every step that committed since the last call. */
  void poll() {
    for (String step : stage.steps()) {
      if (reported.containsKey(step)) {
        continue;
      }
      Map<String, Manifest> committed = committed(step);
      // Reported only after the steps it reads from in this stage: a step's own outputs may commit
      // first, and it is COMPLETE only with its inputs committed.
      if (committed != null && stage.inputs().get(step).ports().values().stream()
          .noneMatch(src -> sameStageStep(src.uri()) != null && !reported.containsKey(sameStageStep(src.uri())))) {
        long elapsed = System.currentTimeMillis() - start;
        reported.put(step, elapsed);
        listener.stepCompleted(step, elapsed, records(committed));
      }
    }
  }

  /** The first step of this stage that {@code step} reads from and that has not committed, or null. */
  String uncommittedInput(String step) {
    for (StepInputs.Source src : stage.inputs().get(step).ports().values()) {
      String upstream = sameStageStep(src.uri());
      if (upstream != null && artifacts.readManifest(src.uri()).isEmpty()) {
        return upstream;
      }
    }
    return null;
  }

  /** The step of this stage whose output {@code uri} is, or null (an artifact of an earlier stage). */
  private String sameStageStep(String uri) {
    for (Map.Entry<String, Map<String, String>> e : stage.outputUris().entrySet()) {
      if (e.getValue().containsValue(uri)) {
        return e.getKey();
      }
    }
    return null;
  }

  boolean reported(String step) {
    return reported.containsKey(step);
  }

  /** The step's time: when it was seen committed, else now; from the start of the stage. */
  long elapsed(String step) {
    return reported.getOrDefault(step, System.currentTimeMillis() - start);
  }

  /** Every output port's manifest, or null while any is missing. */
  Map<String, Manifest> committed(String step) {
    Map<String, Manifest> out = new TreeMap<>();
    for (Map.Entry<String, String> e : stage.outputUris().get(step).entrySet()) {
      Optional<Manifest> m = artifacts.readManifest(e.getValue());
      if (m.isEmpty()) {
        return null;
      }
      out.put(e.getKey(), m.get());
    }
    return out;
  }

  static Map<String, PortCounts> records(Map<String, Manifest> manifests) {
    Map<String, PortCounts> r = new TreeMap<>();
    manifests.forEach((port, m) -> {
      Map<String, Long> splits = new TreeMap<>();
      m.splits().stream().filter(s -> !s.name().isEmpty()).forEach(s -> splits.put(s.name(), s.records()));
      r.put(port, new PortCounts(m.records(), new TreeMap<>(splits), m.kind()));
    });
    return r;
  }
}
