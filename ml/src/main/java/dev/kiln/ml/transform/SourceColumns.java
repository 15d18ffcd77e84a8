package dev.kiln.ml.transform;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.apache.beam.sdk.schemas.Schema;
import org.apache.beam.sdk.values.Row;

/**
 * The columns features read: raw input columns, then derived columns, each with a slot number. Binding
 * to the schema of the rows at hand ({@link #bind}) finds each raw column once; reading a row then
 * fills an array of slots with canonical values ({@link ValueKind#canonical}) and computes the
 * derived ones. Used alike to fit (on the train split) and to apply (everywhere).
 */
final class SourceColumns implements Serializable {
  private final List<InputColumn> inputs;
  private final List<Derivation> derived;
  private final Map<String, Integer> slots = new HashMap<>();
  private final int[][] derivationArgs;

  SourceColumns(List<InputColumn> inputs, List<Derivation> derived) {
    this.inputs = List.copyOf(inputs);
    this.derived = List.copyOf(derived);
    for (InputColumn c : this.inputs) {
      if (slots.put(c.name(), slots.size()) != null) {
        throw new IllegalArgumentException("input column '" + c.name() + "' is listed twice");
      }
    }
    derivationArgs = new int[this.derived.size()][];
    for (int d = 0; d < this.derived.size(); d++) {
      Derivation dv = this.derived.get(d);
      derivationArgs[d] = new int[dv.args().size()];
      for (int a = 0; a < dv.args().size(); a++) {
        Integer slot = slots.get(dv.args().get(a));
        if (slot == null || slot >= this.inputs.size() || this.inputs.get(slot).kind() != ValueKind.NUMBER) {
          throw new IllegalArgumentException("derived column '" + dv.name() + "' reads '" + dv.args().get(a) + "', which is not a numeric input column");
        }
        derivationArgs[d][a] = slot;
      }
      if (slots.put(dv.name(), slots.size()) != null) {
        throw new IllegalArgumentException("derived column '" + dv.name() + "' has the name of another column");
      }
    }
  }

  List<InputColumn> inputs() {
    return inputs;
  }

  List<Derivation> derived() {
    return derived;
  }

  int size() {
    return inputs.size() + derived.size();
  }

  /** The slot of a raw or derived column, or -1. */
  int slot(String name) {
    return slots.getOrDefault(name, -1);
  }

  /** The kind of the values in a slot (null for a raw column that can only pass through). */
  ValueKind kind(int slot) {
    return slot < inputs.size() ? inputs.get(slot).kind() : ValueKind.NUMBER;
  }

  /** Finds every raw column in {@code schema}; a missing column or one of another kind is an error naming it. */
  Bound bind(Schema schema) {
    int[] index = new int[inputs.size()];
    for (int i = 0; i < inputs.size(); i++) {
      InputColumn c = inputs.get(i);
      if (!schema.hasField(c.name())) {
        throw new IllegalArgumentException("the rows have no column '" + c.name() + "', which the TransformGraph needs; their columns are " + schema.getFieldNames());
      }
      index[i] = schema.indexOf(c.name());
      Schema.TypeName actual = schema.getField(index[i]).getType().getTypeName();
      boolean compatible = c.kind() == null ? actual == c.typeName() : ValueKind.of(actual) == c.kind();
      if (!compatible) {
        throw new IllegalArgumentException("column '" + c.name() + "' is " + actual + " in these rows, but the TransformGraph was fitted on "
            + c.type() + (c.kind() == null ? "" : " (a " + c.kind().name().toLowerCase(java.util.Locale.ROOT) + ")"));
      }
    }
    return new Bound(schema, index);
  }

  /** Raw column positions in one schema. */
  final class Bound {
    private final Schema schema;
    private final int[] index;

    private Bound(Schema schema, int[] index) {
      this.schema = schema;
      this.index = index;
    }

    Schema schema() {
      return schema;
    }

    /** The value of the raw column in {@code slot} as the row holds it, of the row's own type. */
    Object raw(Row row, int slot) {
      return row.getValue(index[slot]);
    }

    /** Fills {@code slots} (of length {@link #size()}) from {@code row}. */
    void read(Row row, Object[] out) {
      for (int i = 0; i < index.length; i++) {
        Object raw = row.getValue(index[i]);
        ValueKind kind = inputs.get(i).kind();
        out[i] = kind == null ? raw : kind.canonical(raw);
      }
      int base = inputs.size();
      for (int d = 0; d < derivationArgs.length; d++) {
        int[] args = derivationArgs[d];
        Double[] values = new Double[args.length];
        for (int a = 0; a < args.length; a++) {
          values[a] = (Double) out[args[a]];
        }
        out[base + d] = derived.get(d).evaluate(values);
      }
    }
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof SourceColumns s && s.inputs.equals(inputs) && s.derived.equals(derived);
  }

  @Override
  public int hashCode() {
    return Objects.hash(inputs, derived);
  }
}
