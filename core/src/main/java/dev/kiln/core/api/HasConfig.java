package dev.kiln.core.api;

/**
 * A user transform whose settings are a config record {@code C}, so they are part of the pipeline's
 * spec: the Java API writes {@link #config()} into the step's {@code with:}, the stored spec recreates
 * the transform with {@code new T(config)}, and {@code kiln plan} names a changed setting. The class
 * needs a public constructor taking {@code C}; YAML's {@code with:} is read into {@code C} for it.
 *
 * <p>Example of use:
 *
 * <pre>{@code
 * public record LabelSettings(double share) implements Serializable {}  // Beam serializes the transform
 *
 * public class DeriveLabel extends PTransform<PCollection<Row>, PCollection<Row>>
 *     implements HasConfig<LabelSettings> {
 *   private final LabelSettings settings;
 *
 *   public DeriveLabel(LabelSettings settings) { this.settings = settings; }
 *
 *   @Override public LabelSettings config() { return settings; }
 *   @Override public PCollection<Row> expand(PCollection<Row> rows) { ... }
 * }
 *
 * pipeline.add("label", Steps.transform(new DeriveLabel(new LabelSettings(0.2))), splits.examples());
 * // YAML: label: { uses: transform, class: com.example.DeriveLabel, with: { share: 0.2 }, in: { examples: split } }
 * }</pre>
 *
 * <p>Why a record and a constructor: the settings are typed (a wrong key or type in YAML is a one-line
 * error, as for Kiln's own steps), they serialize to canonical JSON without any code of the user's, and
 * an instance is fully described by its class and its config.
 *
 * @param <C> the config record
 */
public interface HasConfig<C extends Record> {
  /** The settings this transform was made from: {@code new T(config())} makes the same transform. */
  C config();
}
