package dev.kiln.ml.transform;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;
import org.apache.beam.sdk.schemas.Schema;

/**
 * A {@link PreprocessConfig} checked against the schema of the input rows: which raw columns are read,
 * the derived columns, each feature's kind and operation, and the output schema, all known before
 * anything is fitted. Every mistake is a {@link ConfigError} naming the config key.
 */
public final class PreprocessPlan implements Serializable {
  private final String fitSplit;
  private final SourceColumns sources;
  private final List<PlannedFeature> features;
  private final List<String> passthrough;
  private final Schema outputSchema;

  /** A feature to fit: its source slot, kind and configuration. */
  record PlannedFeature(String name, int slot, ValueKind kind, FeatureConfig config) implements Serializable {}

  /** A config mistake: {@code key} is the path under {@code with} (e.g. {@code with.features.fare}). */
  public static final class ConfigError extends IllegalArgumentException {
    private final String key;

    ConfigError(String key, String message) {
      super(message);
      this.key = key;
    }

    public String key() {
      return key;
    }
  }

  private PreprocessPlan(String fitSplit, SourceColumns sources, List<PlannedFeature> features, List<String> passthrough, Schema outputSchema) {
    this.fitSplit = fitSplit;
    this.sources = sources;
    this.features = List.copyOf(features);
    this.passthrough = List.copyOf(passthrough);
    this.outputSchema = outputSchema;
  }

  /** Checks {@code config} against the input schema. */
  public static PreprocessPlan of(PreprocessConfig config, Schema input) {
    String columns = "; columns are " + input.getFieldNames();
    TreeSet<String> rawNeeded = new TreeSet<>();
    List<Derivation> derived = new ArrayList<>();
    Map<String, Boolean> isDerived = new HashMap<>();
    config.derive().forEach((name, d) -> {
      String key = "with.derive." + name;
      if (input.hasField(name)) {
        throw new ConfigError(key, "'" + name + "' is already a column of the input; give the derived column another name");
      }
      checkName(key, name);
      Derivation dv = d.toDerivation(name);
      for (String arg : dv.args()) {
        if (!input.hasField(arg)) {
          throw new ConfigError(key, "no column '" + arg + "' in the input" + columns);
        }
        Schema.TypeName t = input.getField(arg).getType().getTypeName();
        if (ValueKind.of(t) != ValueKind.NUMBER) {
          throw new ConfigError(key, dv.function() + " needs a numeric column, but '" + arg + "' is " + t);
        }
        rawNeeded.add(arg);
      }
      derived.add(dv);
      isDerived.put(name, true);
    });
    config.features().forEach((name, f) -> {
      String key = "with.features." + name;
      if (isDerived.containsKey(name)) {
        return;
      }
      if (!input.hasField(name)) {
        throw new ConfigError(key, "no column '" + name + "' in the input" + columns
            + (config.derive().isEmpty() ? "" : "; derived columns are " + config.derive().keySet()));
      }
      Schema.TypeName t = input.getField(name).getType().getTypeName();
      if (ValueKind.of(t) == null) {
        throw new ConfigError(key, "column '" + name + "' is " + t + "; a feature must be a number, text or true/false");
      }
      checkName(key, name);
      rawNeeded.add(name);
    });
    for (String p : config.passthrough()) {
      if (!input.hasField(p)) {
        throw new ConfigError("with.passthrough", "no column '" + p + "' in the input" + columns);
      }
      if (!input.getField(p).getType().getTypeName().isPrimitiveType()) {
        throw new ConfigError("with.passthrough", "column '" + p + "' is " + input.getField(p).getType() + "; only columns of a primitive type pass through");
      }
      rawNeeded.add(p);
    }
    List<InputColumn> inputs = new ArrayList<>();
    for (String name : rawNeeded) {
      inputs.add(InputColumn.of(input.getField(name)));
    }
    SourceColumns sources = new SourceColumns(inputs, derived);

    List<PlannedFeature> features = new ArrayList<>();
    Schema.Builder out = Schema.builder();
    Map<String, String> outputNames = new HashMap<>();
    config.features().forEach((name, f) -> {
      String key = "with.features." + name;
      int slot = sources.slot(name);
      ValueKind kind = sources.kind(slot);
      checkFeature(key, name, kind, f);
      features.add(new PlannedFeature(name, slot, kind, f));
      for (Schema.Field field : OutputColumns.of(name, f.indexSize(), f.impute() == null)) {
        claim(outputNames, field.getName(), key);
        out.addField(field);
      }
    });
    for (String p : config.passthrough()) {
      claim(outputNames, p, "with.passthrough");
      out.addField(sources.inputs().get(sources.slot(p)).field());
    }
    return new PreprocessPlan(config.fitOn(), sources, features, config.passthrough(), out.build());
  }

  private static void checkFeature(String key, String name, ValueKind kind, FeatureConfig f) {
    String what = kind.name().toLowerCase(Locale.ROOT);
    if (kind == ValueKind.STRING && !f.givesIndex()) {
      String op = f.operation();
      throw new ConfigError(op.equals("none") ? key : key + "." + op, "column '" + name + "' is text; "
          + (op.equals("none") ? "" : op + " needs numbers; ") + "use vocabulary: { topK: N } or hash: { buckets: N } to make it a number");
    }
    if (kind != ValueKind.NUMBER && f.bucketize() != null) {
      throw new ConfigError(key + ".bucketize", "column '" + name + "' is " + what + "; bucketize needs numbers");
    }
    Impute impute = f.impute();
    if (impute == null) {
      return;
    }
    String ikey = key + ".impute";
    if ((impute.strategy().equals(Impute.MEAN) || impute.strategy().equals(Impute.MEDIAN)) && kind != ValueKind.NUMBER) {
      throw new ConfigError(ikey, impute.strategy() + " needs numbers, but column '" + name + "' is " + what + "; use mostFrequent or { constant: ... }");
    }
    if (impute.strategy().equals(Impute.CONSTANT)) {
      Object c = impute.constant();
      boolean fits = switch (kind) {
        case NUMBER -> c instanceof Double;
        case STRING -> c instanceof String;
        case BOOLEAN -> c instanceof Boolean;
      };
      if (!fits) {
        throw new ConfigError(ikey, "the constant " + c + " does not fit column '" + name + "', which is " + what);
      }
    }
  }

  private static void checkName(String key, String name) {
    if (!name.matches("[A-Za-z_][A-Za-z0-9_]*")) {
      throw new ConfigError(key, "'" + name + "' is not a valid output column name (letters, digits and _, not starting with a digit)");
    }
  }

  private static void claim(Map<String, String> names, String column, String key) {
    String before = names.putIfAbsent(column, key);
    if (before != null) {
      throw new ConfigError(key, "output column '" + column + "' is also made by " + before);
    }
  }

  /** The split to fit on. */
  public String fitSplit() {
    return fitSplit;
  }

  /** The schema of the transformed rows, as the fitted graph will give it. */
  public Schema outputSchema() {
    return outputSchema;
  }

  SourceColumns sources() {
    return sources;
  }

  List<PlannedFeature> features() {
    return features;
  }

  List<String> passthrough() {
    return passthrough;
  }
}
