package dev.kiln.core.api;

import dev.kiln.core.spec.InputRef;

/**
 * One output port of a step in a {@link KilnPipeline}, typed by the {@link Kind} of artifact it carries;
 * builders take ports of the kind they read, so a wrong connection does not compile. A dataset port may
 * be narrowed to one of its splits.
 *
 * <p>Example of use:
 *
 * <pre>{@code
 * Csv.Outputs data = taxi.add("data", Csv.read("examples/data/taxi.csv"));
 * Port<Kind.Dataset> rows = data.examples();       // data.rejected() is the other output
 * Port<Kind.Dataset> train = split.examples().split("train");
 * }</pre>
 *
 * @param <K> the kind of artifact
 */
public final class Port<K extends Kind> implements Output {
  private final InputRef ref;

  private Port(InputRef ref) {
    this.ref = ref;
  }

  /** The port {@code port} of step {@code step}; builders' outputs make these. */
  public static <K extends Kind> Port<K> of(String step, String port) {
    return new Port<>(new InputRef(step, port, null));
  }

  /** Only the split {@code name} of this dataset (checked against the producing step when the pipeline is resolved). */
  public Port<K> split(String name) {
    if (ref.split() != null) {
      throw new IllegalArgumentException("'" + ref + "' is already one split");
    }
    return new Port<>(new InputRef(ref.step(), ref.port(), name));
  }

  @Override
  public InputRef ref() {
    return ref;
  }

  @Override
  public String toString() {
    return ref.toString();
  }
}
