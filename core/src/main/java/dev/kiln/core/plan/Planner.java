package dev.kiln.core.plan;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import dev.kiln.core.artifact.ArtifactStore;
import dev.kiln.core.spec.CanonicalJson;
import dev.kiln.core.spec.InputRef;
import dev.kiln.core.spec.StepSpec;
import dev.kiln.core.step.ResolvedPipeline;
import dev.kiln.core.step.Step;
import dev.kiln.core.step.StepContext;
import dev.kiln.metadata.Artifact;
import dev.kiln.metadata.Event;
import dev.kiln.metadata.Execution;
import dev.kiln.metadata.MetadataStore;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * Turns a resolved pipeline plus the metadata store into a {@link Plan}: for each step its cache key
 * and decision (CACHED, RUN, RUN_OR_REUSE) with the reason, and the stages that can run now.
 *
 * <p>Cache key = sha256 of the canonical JSON of {step type, implementation fingerprint, config,
 * external files, output formats, input artifact fingerprints by port}. A step is CACHED when a
 * COMPLETE execution with the same key exists and all its outputs are committed and intact.
 */
public final class Planner {
  private final MetadataStore store;
  private final ArtifactStore artifacts;
  private final Path projectDir;

  public Planner(MetadataStore store, ArtifactStore artifacts, Path projectDir) {
    this.store = store;
    this.artifacts = artifacts;
    this.projectDir = projectDir;
  }

  /**
   * Plans the steps not yet settled in this run.
   *
   * @param settled steps already finished in this run (cached or run), whose outputs are known
   */
  public Plan plan(ResolvedPipeline pipeline, Map<String, StepPlan> settled) {
    Map<String, StepPlan> plans = new LinkedHashMap<>();
    for (String name : pipeline.order()) {
      StepPlan done = settled.get(name);
      plans.put(name, done != null ? done : planStep(pipeline, name, plans));
    }
    return new Plan(plans, stages(pipeline, plans, settled.keySet()));
  }

  private List<String> resolved(List<String> paths) {
    return paths.stream().map(path -> StepContext.resolve(projectDir, path)).toList();
  }

  private StepPlan planStep(ResolvedPipeline pipeline, String name, Map<String, StepPlan> plans) {
    Step step = pipeline.step(name);
    StepSpec spec = pipeline.stepSpec(name);
    String external = step.externalInputs().isEmpty() && step.optionalExternalInputs().isEmpty()
        ? null
        : ExternalFiles.fingerprint(resolved(step.externalInputs()), resolved(step.optionalExternalInputs()), pipeline.source(), name);
    Map<String, Object> outputs = new TreeMap<>();
    pipeline.outputSplits().get(name).keySet().forEach(port -> outputs.put(port, spec.format()));
    Map<String, Object> partial = new TreeMap<>();
    partial.put("type", step.type());
    partial.put("implementation", step.implementationFingerprint());
    partial.put("config", spec.config());
    partial.put("outputs", outputs);
    if (external != null) {
      partial.put("external", external);
    }
    String partialKey = CanonicalJson.sha256(CanonicalJson.ofValue(partial));

    Map<String, String> inputs = new TreeMap<>();
    List<String> pendingUpstreams = new ArrayList<>();
    for (Map.Entry<String, InputRef> e : spec.inputs().entrySet()) {
      InputRef ref = e.getValue();
      StepPlan up = plans.get(ref.step());
      OutputArtifact a = up.outputs().get(ref.port());
      if (a != null) {
        inputs.put(e.getKey(), a.fingerprintOf(ref.split()));
      } else if (!pendingUpstreams.contains(ref.step())) {
        pendingUpstreams.add(ref.step());
      }
    }

    String stepRef = MetadataKeys.stepRef(pipeline.spec().name(), name);
    if (!pendingUpstreams.isEmpty()) {
      if (!store.executionsByProperty(MetadataKeys.PARTIAL_KEY, partialKey, Execution.State.COMPLETE).isEmpty()) {
        String ups = String.join("', '", pendingUpstreams);
        return new StepPlan(name, Decision.RUN_OR_REUSE,
            "runs with '" + ups + "'; reused if its input comes out unchanged", null, partialKey, inputs, external, 0, Map.of());
      }
      return new StepPlan(name, Decision.RUN, changeReason(stepRef, step, spec, external, null),
          null, partialKey, inputs, external, 0, Map.of());
    }

    String cacheKey = cacheKey(partialKey, inputs);
    List<String> damage = new ArrayList<>();
    Optional<Reusable> earlier = reusable(cacheKey, outputs.keySet(), damage);
    if (earlier.isPresent()) {
      return new StepPlan(name, Decision.CACHED, "unchanged since run " + earlier.get().runName(),
          cacheKey, partialKey, inputs, external, earlier.get().executionId(), earlier.get().outputs());
    }
    String reason = !damage.isEmpty() ? "output missing or damaged: " + damage.get(0) : changeReason(stepRef, step, spec, external, inputs);
    return new StepPlan(name, Decision.RUN, reason, cacheKey, partialKey, inputs, external, 0, Map.of());
  }

  /**
   * An earlier COMPLETE execution whose results can stand for a step's: same full cache key, and every
   * output committed and intact.
   */
  public record Reusable(long executionId, String runName, Map<String, OutputArtifact> outputs) {}

  /**
   * The first COMPLETE execution with {@code cacheKey} whose outputs on {@code ports} are committed
   * and intact (checked against their manifests; no data is read).
   */
  public Optional<Reusable> reusable(String cacheKey, Set<String> ports) {
    return reusable(cacheKey, ports, new ArrayList<>());
  }

  /** As {@link #reusable(String, Set)}; adds what is wrong with each candidate passed over to {@code damage}. */
  private Optional<Reusable> reusable(String cacheKey, Set<String> ports, List<String> damage) {
    for (Execution candidate : store.executionsByProperty(MetadataKeys.CACHE_KEY, cacheKey, Execution.State.COMPLETE)) {
      Map<String, OutputArtifact> outs = new TreeMap<>();
      String problem = committedOutputs(candidate, ports, outs);
      if (problem == null) {
        return Optional.of(new Reusable(candidate.id(), candidate.stringProperty(MetadataKeys.RUN_NAME), outs));
      }
      damage.add(problem);
    }
    return Optional.empty();
  }

  /** The full cache key from the partial key and the input fingerprints. */
  public static String cacheKey(String partialKey, Map<String, String> inputFingerprints) {
    Map<String, Object> full = new TreeMap<>();
    full.put("partial", partialKey);
    full.put("inputs", inputFingerprints);
    return CanonicalJson.sha256(CanonicalJson.ofValue(full));
  }

  /** Fills {@code outs} with the execution's committed outputs; returns what is wrong, or null. */
  private String committedOutputs(Execution execution, Set<String> ports, Map<String, OutputArtifact> outs) {
    Map<String, Long> byPort = new HashMap<>();
    for (Event ev : store.eventsByExecutions(List.of(execution.id()))) {
      if (ev.type() == Event.Type.OUTPUT) {
        byPort.put(ev.path(), ev.artifactId());
      }
    }
    for (String port : ports) {
      Long id = byPort.get(port);
      if (id == null) {
        return "output '" + port + "' was never recorded";
      }
      Artifact a = store.artifact(id).orElse(null);
      if (a == null) {
        return "output '" + port + "' is not in the metadata store";
      }
      IntegrityCheck.Finding integrity = IntegrityCheck.quick(a, artifacts);
      if (!integrity.isIntact()) {
        return integrity.reason();
      }
      outs.put(port, toOutput(a));
    }
    return null;
  }

  /** An artifact record as the planner uses it. */
  public static OutputArtifact toOutput(Artifact a) {
    Map<String, String> splitFps = new TreeMap<>();
    Map<String, Long> splitRecords = new TreeMap<>();
    String splits = a.stringProperty(MetadataKeys.SPLITS);
    if (splits != null) {
      try {
        JsonNode node = CanonicalJson.MAPPER.readTree(splits);
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
          var e = it.next();
          splitFps.put(e.getKey(), e.getValue().get(MetadataKeys.FINGERPRINT).asText());
          if (!e.getKey().isEmpty()) {
            splitRecords.put(e.getKey(), e.getValue().path(MetadataKeys.RECORDS).asLong());
          }
        }
      } catch (Exception e) {
        throw new IllegalStateException("artifact " + a.id() + " has unreadable split properties", e);
      }
    }
    Long records = a.longProperty(MetadataKeys.RECORDS);
    return new OutputArtifact(a.id(), a.uri(), a.stringProperty(MetadataKeys.FINGERPRINT), records == null ? 0 : records, splitFps, splitRecords, a.type());
  }

  /** Why a step with no usable cached execution runs, compared with its latest complete execution. */
  private String changeReason(String stepRef, Step step, StepSpec spec, String external, Map<String, String> inputs) {
    Optional<Execution> last = store.executionsByProperty(MetadataKeys.STEP_REF, stepRef, Execution.State.COMPLETE)
        .stream().findFirst();
    if (last.isEmpty()) {
      return "new";
    }
    Execution e = last.get();
    if (!step.implementationFingerprint().equals(e.stringProperty(MetadataKeys.IMPL))) {
      return step.type().equals("transform") ? "code changed" : "step implementation changed (Kiln upgraded)";
    }
    String config = CanonicalJson.of(spec.config());
    if (!config.equals(e.stringProperty(MetadataKeys.CONFIG))) {
      return "config changed" + changedKeys(e.stringProperty(MetadataKeys.CONFIG), spec.config());
    }
    if (external != null && !external.equals(e.stringProperty(MetadataKeys.EXTERNAL))) {
      return "input files changed";
    }
    if (inputs == null) {
      return "input changed (upstream reruns)";
    }
    Map<String, String> before = readMap(e.stringProperty(MetadataKeys.INPUTS));
    Set<String> changed = new LinkedHashSet<>();
    inputs.forEach((port, fp) -> { if (!fp.equals(before.get(port))) changed.add(port); });
    if (!changed.isEmpty()) {
      return "input changed (" + String.join(", ", changed) + ")";
    }
    return "outputs changed (format)";
  }

  private static String changedKeys(String beforeJson, JsonNode config) {
    try {
      JsonNode before = CanonicalJson.MAPPER.readTree(beforeJson);
      // Both sides parsed from canonical text: a config node built from a record holds a long as a
      // LongNode, the stored text reads back as an IntNode, and the two are not equal() — which made
      // an unchanged `seed` look changed.
      JsonNode now = CanonicalJson.MAPPER.readTree(CanonicalJson.of(config));
      List<String> keys = new ArrayList<>();
      Set<String> all = new java.util.TreeSet<>();
      before.fieldNames().forEachRemaining(all::add);
      now.fieldNames().forEachRemaining(all::add);
      for (String k : all) {
        if (!java.util.Objects.equals(before.get(k), now.get(k))) {
          keys.add(k);
        }
      }
      return keys.isEmpty() ? "" : ": " + String.join(", ", keys);
    } catch (Exception ex) {
      return "";
    }
  }

  private static Map<String, String> readMap(String json) {
    if (json == null) {
      return Map.of();
    }
    try {
      return CanonicalJson.MAPPER.readValue(json, new TypeReference<Map<String, String>>() {});
    } catch (Exception e) {
      return Map.of();
    }
  }

  /**
   * The stages runnable now: RUN steps whose inputs are settled, cached, or produced by other
   * runnable steps on the same backend, grouped into connected components (one Beam job each). Where
   * the backend changes along an edge, the reader waits for a later wave and reads the writer's
   * committed artifact: data crosses backends only through the artifact store.
   */
  private static List<Stage> stages(ResolvedPipeline pipeline, Map<String, StepPlan> plans, Set<String> settled) {
    Set<String> runnable = new LinkedHashSet<>();
    for (String name : pipeline.order()) {
      StepPlan p = plans.get(name);
      if (settled.contains(name) || (p.decision() != Decision.RUN && p.decision() != Decision.RUN_OR_REUSE)) {
        continue;
      }
      boolean ready = true;
      for (InputRef ref : pipeline.stepSpec(name).inputs().values()) {
        StepPlan up = plans.get(ref.step());
        boolean available = !up.outputs().isEmpty()
            || (runnable.contains(ref.step()) && backendOf(pipeline, ref.step()).equals(backendOf(pipeline, name)));
        ready &= available;
      }
      if (ready) {
        runnable.add(name);
      }
    }
    // connected components over edges between runnable steps
    Map<String, String> parent = new HashMap<>();
    runnable.forEach(s -> parent.put(s, s));
    for (String s : runnable) {
      for (InputRef ref : pipeline.stepSpec(s).inputs().values()) {
        if (runnable.contains(ref.step()) && backendOf(pipeline, ref.step()).equals(backendOf(pipeline, s))) {
          parent.put(find(parent, s), find(parent, ref.step()));
        }
      }
    }
    Map<String, List<String>> groups = new LinkedHashMap<>();
    for (String s : runnable) {
      groups.computeIfAbsent(find(parent, s), k -> new ArrayList<>()).add(s);
    }
    List<Stage> stages = new ArrayList<>();
    for (List<String> g : groups.values()) {
      stages.add(new Stage(stages.size() + 1, List.copyOf(g), backendOf(pipeline, g.get(0))));
    }
    return stages;
  }

  /** The backend a step names, or {@link Stage#DEFAULT_BACKEND}. */
  private static String backendOf(ResolvedPipeline pipeline, String step) {
    String b = pipeline.stepSpec(step).backend();
    return b == null ? Stage.DEFAULT_BACKEND : b;
  }

  private static String find(Map<String, String> parent, String s) {
    while (!parent.get(s).equals(s)) {
      s = parent.get(s);
    }
    return s;
  }
}
