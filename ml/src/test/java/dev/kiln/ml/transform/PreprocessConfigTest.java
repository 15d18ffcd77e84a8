package dev.kiln.ml.transform;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kiln.core.spec.SpecException;
import dev.kiln.core.testing.TestProject;
import java.nio.file.Path;
import java.util.List;
import org.apache.beam.sdk.schemas.Schema;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Mistakes in the step's settings are one-line errors naming the key, found before any job starts. */
class PreprocessConfigTest {
  private static final String HEAD = """
      kiln: 1
      pipeline: p
      steps:
        data:  { uses: rows, with: { count: 10 } }
        split: { uses: split, in: { examples: data }, with: { ratios: { train: 0.5, eval: 0.5 } } }
        prep:
          uses: preprocess
          in: { examples: split.examples }
          with:
      """;

  @TempDir Path dir;
  TestProject project;

  @BeforeEach
  void open() {
    project = new TestProject(dir);
  }

  @AfterEach
  void close() {
    project.close();
  }

  private String resolveError(String with) {
    SpecException e = assertThrows(SpecException.class, () -> project.resolve(HEAD + with.indent(6)));
    assertFalse(e.getMessage().contains("\n"), e.getMessage());
    return e.getMessage();
  }

  @Test
  void aValidConfigResolvesAndIsNormalizedWithDefaults() {
    var resolved = project.resolve(HEAD + "features: { value: { standardize: true } }".indent(6));
    String config = resolved.spec().step("prep").config().toString();
    assertTrue(config.contains("\"fitOn\":\"train\""), config);
    assertTrue(config.contains("\"passthrough\":[]"), config);
    assertFalse(config.contains("indexSize") || config.contains("operation"), "only the settings enter the cache key: " + config);
  }

  @Test
  void unknownOperationNamesTheKeyAndTheKnownOnes() {
    assertEquals("test.yaml: step 'prep': key 'with.features.value.whiten': unknown setting; settings of 'preprocess' are "
        + "[bucketize, hash, impute, minMax, oneHot, standardize, vocabulary]",
        resolveError("features: { value: { whiten: true } }"));
  }

  @Test
  void twoOperationsOnOneFeatureAreAnError() {
    String m = resolveError("features: { value: { standardize: true, minMax: true } }");
    assertTrue(m.contains("with.features.value") && m.contains("a feature takes one operation, not standardize and minMax"), m);
  }

  @Test
  void oneHotWithoutAnIndexSaysWhatToAdd() {
    String m = resolveError("features: { value: { oneHot: true } }");
    assertTrue(m.contains("with.features.value") && m.contains("oneHot needs an index to encode: add vocabulary"), m);
  }

  @Test
  void unknownImputationListsTheChoices() {
    String m = resolveError("features: { value: { impute: average } }");
    assertTrue(m.contains("with.features.value.impute") && m.contains("impute must be mean, median, mostFrequent or { constant: <value> }"), m);
  }

  @Test
  void vocabularyNeedsTopK() {
    String m = resolveError("features: { text: { vocabulary: { oovBuckets: 2 } } }");
    assertTrue(m.contains("with.features.text.vocabulary") && m.contains("vocabulary.topK is missing"), m);
  }

  @Test
  void fitSplitMustBeASplitOfTheInput() {
    String m = resolveError("fitOn: test\nfeatures: { value: { standardize: true } }");
    assertTrue(m.contains("the input has no split 'test' to fit on (with.fitOn); its splits are [eval, train]"), m);
  }

  @Test
  void missingFeaturesIsAnError() {
    assertTrue(resolveError("passthrough: [id]").contains("features is missing"));
  }

  // Checks against the input schema (made when the step expands, before its job starts).

  static final Schema INPUT = Schema.builder()
      .addNullableField("fare", Schema.FieldType.DOUBLE)
      .addNullableField("payment_type", Schema.FieldType.STRING)
      .addNullableField("flag", Schema.FieldType.BOOLEAN)
      .addNullableField("raw", Schema.FieldType.BYTES)
      .addNullableField("ts", Schema.FieldType.INT64)
      .build();

  private static PreprocessPlan.ConfigError planError(String yaml) {
    return assertThrows(PreprocessPlan.ConfigError.class, () -> PreprocessPlan.of(Configs.yaml(yaml), INPUT));
  }

  @Test
  void unknownColumnNamesItAndListsTheColumns() {
    PreprocessPlan.ConfigError e = planError("features: { farez: { standardize: true } }");
    assertEquals("with.features.farez", e.key());
    assertEquals("no column 'farez' in the input; columns are [fare, payment_type, flag, raw, ts]", e.getMessage());
  }

  @Test
  void textNeedsAnIndexOperation() {
    PreprocessPlan.ConfigError e = planError("features: { payment_type: { standardize: true } }");
    assertEquals("with.features.payment_type.standardize", e.key());
    assertEquals("column 'payment_type' is text; standardize needs numbers; use vocabulary: { topK: N } or hash: { buckets: N } to make it a number", e.getMessage());
    assertEquals("with.features.payment_type", planError("features: { payment_type: { impute: mostFrequent } }").key());
  }

  @Test
  void meanOfTextAndAConstantOfTheWrongKindAreErrors() {
    PreprocessPlan.ConfigError e = planError("features: { payment_type: { impute: mean, hash: { buckets: 4 } } }");
    assertEquals("with.features.payment_type.impute", e.key());
    assertTrue(e.getMessage().startsWith("mean needs numbers, but column 'payment_type' is string"), e.getMessage());
    e = planError("features: { fare: { impute: { constant: none }, standardize: true } }");
    assertEquals("the constant none does not fit column 'fare', which is number", e.getMessage());
  }

  @Test
  void unsupportedTypesAndDerivedMistakesAreErrors() {
    assertEquals("column 'raw' is BYTES; a feature must be a number, text or true/false",
        planError("features: { raw: { hash: { buckets: 2 } } }").getMessage());
    PreprocessPlan.ConfigError e = planError("derive: { fare: { log1p: fare } }\nfeatures: { fare: { standardize: true } }");
    assertEquals("with.derive.fare", e.key());
    e = planError("derive: { x: { ratio: [fare, payment_type] } }\nfeatures: { x: { standardize: true } }");
    assertEquals("ratio needs a numeric column, but 'payment_type' is STRING", e.getMessage());
  }

  @Test
  void passthroughMustExistAndOutputNamesMustNotClash() {
    PreprocessPlan.ConfigError e = planError("passthrough: [label]\nfeatures: { fare: { standardize: true } }");
    assertEquals("with.passthrough", e.key());
    // a one-hot feature is one column named like the feature, so a clash is a feature that is also passed through
    String m = resolveError("passthrough: [fare]\nfeatures: { fare: { bucketize: { buckets: 3 }, oneHot: true } }");
    assertTrue(m.contains("'fare' is both a feature and passthrough; its output column would clash"), m);
  }

  @Test
  void aValidPlanKnowsItsOutputSchemaBeforeFitting() {
    PreprocessPlan plan = PreprocessPlan.of(Configs.yaml("""
        passthrough: [flag]
        derive: { hour: { hourOfDay: ts } }
        features:
          payment_type: { vocabulary: { topK: 2 }, oneHot: true }
          fare: { impute: mean, standardize: true }
          hour: { bucketize: { buckets: 4 } }
        """), INPUT);
    assertEquals(List.of("fare", "hour", "payment_type", "flag"),
        plan.outputSchema().getFieldNames());
  }
}
