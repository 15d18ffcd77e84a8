package dev.kiln.core.api;

import dev.kiln.core.steps.TransformStep;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.Row;

/** Factory of steps made from a user's own Beam code. */
public final class Steps {
  private Steps() {}

  /**
   * Any registered step type with its settings, exactly as YAML's {@code uses: type} and {@code with:}
   * block: {@code Steps.uses("train", Map.of("label", "big_tipper", "algorithm", "logistic"))}. The
   * settings are checked against the step type's config when the pipeline is resolved, with the same
   * messages as for YAML. {@code with} may be a Map, a config record, or null for none.
   *
   * <p>For Kiln's own step types prefer the typed builders ({@link Csv}, {@link Split}, {@code
   * dev.kiln.ml.api.Train}, ...): their settings and ports are checked by the compiler. This form is for
   * step types of your own (announced by a {@link dev.kiln.core.step.StepType}) and for code written
   * before the builders.
   */
  public static StepDefinition uses(String type, Object with) {
    com.fasterxml.jackson.databind.JsonNode config = with == null ? null
        : dev.kiln.core.spec.CanonicalJson.MAPPER.valueToTree(with);
    return new StepDefinition(type, null, config, null, null);
  }

  /**
   * A user's {@code PTransform<PCollection<Row>, PCollection<Row>>} as a step; it is applied to each
   * split of its input. In YAML the same step is {@code uses: transform, class: <its class>}. A
   * transform that implements {@link HasConfig} has its config written into the spec ({@code with:}),
   * so the stored spec recreates it; it must equal {@code new T(config)} (checked here).
   *
   * <p>Example of use:
   *
   * <pre>{@code
   * pipeline.add("label", Steps.transform(new DeriveBigTipper()), splits.examples());
   * pipeline.add("scaled", Steps.transform(new Scale(new ScaleSettings(2.0))), label.examples());
   * }</pre>
   */
  public static StepDefinition transform(PTransform<PCollection<Row>, PCollection<Row>> transform) {
    String className = transform.getClass().getName();
    if (!(transform instanceof HasConfig<?> configured)) {
      return new StepDefinition("transform", className, null, null, new TransformStep(transform));
    }
    Record config = configured.config();
    if (config == null) {
      throw new IllegalArgumentException(className + ".config() returned null; return the settings it was made with");
    }
    Class<? extends Record> declared = TransformStep.configRecord(transform.getClass());
    if (declared != config.getClass()) {
      throw new IllegalArgumentException(className + " needs a public constructor taking its config "
          + config.getClass().getSimpleName() + ", so the spec stored with a run can recreate it");
    }
    com.fasterxml.jackson.databind.JsonNode json = dev.kiln.core.spec.CanonicalJson.MAPPER.valueToTree(config);
    Record readBack;
    try {
      readBack = dev.kiln.core.spec.CanonicalJson.MAPPER.treeToValue(json, config.getClass());
    } catch (com.fasterxml.jackson.core.JsonProcessingException | IllegalArgumentException e) {
      throw new IllegalArgumentException(className + "'s config " + config + " cannot be read back from its JSON " + json + ": " + e.getMessage());
    }
    if (!readBack.equals(config)) {
      throw new IllegalArgumentException(className + "'s config " + config + " reads back from its JSON as " + readBack
          + "; use settings that JSON keeps (numbers, text, booleans, lists, maps, records)");
    }
    String given = dev.kiln.core.fingerprint.ClassFingerprint.ofInstance(transform);
    String remade = dev.kiln.core.fingerprint.ClassFingerprint.ofInstance(TransformStep.instantiate(className, config));
    if (!given.equals(remade)) {
      throw new IllegalArgumentException(className + " differs from new " + transform.getClass().getSimpleName() + "(config()):"
          + " it holds settings outside its config record; put them in " + config.getClass().getSimpleName()
          + " so the spec stored with a run recreates the transform");
    }
    return new StepDefinition("transform", className, json, null, new TransformStep(transform, config));
  }
}
