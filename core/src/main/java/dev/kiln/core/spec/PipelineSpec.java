package dev.kiln.core.spec;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The immutable, canonical description of a pipeline: a name and a DAG of {@link StepSpec}s. Built in
 * Java ({@code KilnPipeline}) or loaded from YAML ({@link YamlSpecLoader}); both give equal specs.
 * Its {@link #hash()} identifies the pipeline version; every run stores its {@link #canonicalJson()}.
 */
public record PipelineSpec(String name, SortedMap<String, StepSpec> steps) {
  /** The version of the pipeline description format ({@code kiln: 1}). */
  public static final int FORMAT = 1;

  public PipelineSpec {
    steps = Collections.unmodifiableSortedMap(new TreeMap<>(steps));
  }

  public static PipelineSpec of(String name, Map<String, StepSpec> steps) {
    return new PipelineSpec(name, new TreeMap<>(steps));
  }

  public StepSpec step(String stepName) {
    StepSpec s = steps.get(stepName);
    if (s == null) {
      throw new IllegalArgumentException("pipeline '" + name + "' has no step '" + stepName + "'");
    }
    return s;
  }

  public ObjectNode toJson() {
    ObjectNode root = JsonNodeFactory.instance.objectNode();
    root.put("kiln", FORMAT);
    root.put("pipeline", name);
    ObjectNode s = root.putObject("steps");
    steps.forEach((n, step) -> s.set(n, step.toJson()));
    return root;
  }

  public String canonicalJson() {
    return CanonicalJson.of(toJson());
  }

  /** Hex SHA-256 of the canonical JSON. */
  public String hash() {
    return CanonicalJson.sha256(canonicalJson());
  }

  /**
   * Steps in an order where every step comes after the steps it reads from; among ready steps, by
   * name, so the order is stable. Throws a {@link SpecException} naming the steps of a cycle.
   */
  public List<String> topologicalOrder() {
    Map<String, Integer> missing = new TreeMap<>();
    Map<String, List<String>> readers = new TreeMap<>();
    steps.forEach((n, s) -> {
      Set<String> ups = upstreamOf(s);
      missing.put(n, ups.size());
      for (String u : ups) {
        readers.computeIfAbsent(u, k -> new ArrayList<>()).add(n);
      }
    });
    Deque<String> ready = new ArrayDeque<>();
    missing.forEach((n, c) -> { if (c == 0) ready.add(n); });
    List<String> order = new ArrayList<>();
    while (!ready.isEmpty()) {
      String n = ready.poll();
      order.add(n);
      List<String> next = new ArrayList<>();
      for (String r : readers.getOrDefault(n, List.of())) {
        if (missing.merge(r, -1, Integer::sum) == 0) {
          next.add(r);
        }
      }
      Collections.sort(next);
      ready.addAll(next);
    }
    if (order.size() != steps.size()) {
      List<String> cycle = new ArrayList<>(steps.keySet());
      cycle.removeAll(order);
      throw new SpecException("pipeline '" + name + "': steps " + cycle + " form a cycle; a step cannot read, directly or not, its own output");
    }
    return order;
  }

  /** The names of the steps a step reads from. */
  public static Set<String> upstreamOf(StepSpec s) {
    Set<String> ups = new LinkedHashSet<>();
    s.inputs().values().forEach(r -> ups.add(r.step()));
    return ups;
  }
}
