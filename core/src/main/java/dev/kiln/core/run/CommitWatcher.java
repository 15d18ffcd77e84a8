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
      if (committed != null) {
        long elapsed = System.currentTimeMillis() - start;
        reported.put(step, elapsed);
        listener.stepCompleted(step, elapsed, records(committed));
      }
    }
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
