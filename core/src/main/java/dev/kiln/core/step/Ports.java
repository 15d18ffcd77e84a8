package dev.kiln.core.step;

import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A step's ports declared in one expression: each input with its artifact kind, which inputs may be
 * left unconnected, and the kind of each output. A step returns one from {@link Step#ports()} instead
 * of overriding {@link Step#inputPorts}, {@link Step#inputKind}, {@link Step#optionalInputPorts} and
 * {@link Step#outputKind} one by one:
 *
 * <pre>{@code
 * protected Ports ports() {
 *   return Ports.declare().input("examples").input("model", ArtifactKind.MODEL)
 *       .output("metrics", ArtifactKind.METRICS).output("blessing", ArtifactKind.BLESSING);
 * }
 * }</pre>
 *
 * An output not declared here is a {@link ArtifactKind#DATASET}; which outputs exist is still said by
 * {@link Step#outputSplits}. Immutable: each method returns a new declaration.
 */
public final class Ports {
  private final Map<String, String> inputs;
  private final Set<String> optional;
  private final Map<String, String> outputs;

  private Ports(Map<String, String> inputs, Set<String> optional, Map<String, String> outputs) {
    this.inputs = inputs;
    this.optional = optional;
    this.outputs = outputs;
  }

  /** No ports yet. */
  public static Ports declare() {
    return new Ports(Map.of(), Set.of(), Map.of());
  }

  /** Adds a Dataset input. */
  public Ports input(String name) {
    return input(name, ArtifactKind.DATASET);
  }

  /** Adds an input of {@code kind}. */
  public Ports input(String name, String kind) {
    return new Ports(with(inputs, name, kind, "input"), optional, outputs);
  }

  /** Adds an input of {@code kind} that may be left unconnected. */
  public Ports optionalInput(String name, String kind) {
    Set<String> more = new LinkedHashSet<>(optional);
    more.add(name);
    return new Ports(with(inputs, name, kind, "input"), Set.copyOf(more), outputs);
  }

  /** Declares the kind of output {@code name}. */
  public Ports output(String name, String kind) {
    return new Ports(inputs, optional, with(outputs, name, kind, "output"));
  }

  /** The input names, in declaration order. */
  public List<String> inputNames() {
    return List.copyOf(inputs.keySet());
  }

  /** The kind of input {@code name}; {@link ArtifactKind#DATASET} for an undeclared name. */
  public String inputKind(String name) {
    return inputs.getOrDefault(name, ArtifactKind.DATASET);
  }

  /** The inputs that may be left unconnected. */
  public Set<String> optionalInputs() {
    return optional;
  }

  /** The kind of output {@code name}; {@link ArtifactKind#DATASET} for an undeclared name. */
  public String outputKind(String name) {
    return outputs.getOrDefault(name, ArtifactKind.DATASET);
  }

  private static Map<String, String> with(Map<String, String> ports, String name, String kind, String what) {
    if (name == null || name.isBlank() || kind == null || kind.isBlank()) {
      throw new IllegalArgumentException("a port needs a name and a kind; got " + what + " '" + name + "' of kind '" + kind + "'");
    }
    if (ports.containsKey(name)) {
      throw new IllegalArgumentException(what + " port '" + name + "' is declared twice");
    }
    Map<String, String> more = new LinkedHashMap<>(ports);
    more.put(name, kind);
    return java.util.Collections.unmodifiableMap(more);
  }
}
