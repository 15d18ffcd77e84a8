package dev.kiln.ml.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.kiln.ml.model.ModelTask;
import java.util.Arrays;
import java.util.List;
import org.apache.beam.sdk.schemas.Schema;
import org.junit.jupiter.api.Test;

/** How the task and the classes follow from the algorithm and the label values. */
class LabelEncodingTest {

  private static LabelEncoding infer(Schema.FieldType labelType, String algorithm, String task, Object... labels) {
    Schema schema = Schema.builder().addDoubleField("x").addNullableField("y", labelType).build();
    TrainingSetup setup = task == null
        ? Configs.setup(schema, "label", "y", "algorithm", algorithm)
        : Configs.setup(schema, "label", "y", "algorithm", algorithm, "task", task);
    LabelSummary summary = new LabelSummary();
    Arrays.stream(labels).forEach(summary::add);
    return LabelEncoding.infer(setup, summary);
  }

  @Test
  void booleanLabelIsBinaryWithTrueAsThePositiveClass() {
    LabelEncoding e = infer(Schema.FieldType.BOOLEAN, "logistic", null, true, false, true, null);
    assertEquals(ModelTask.BINARY, e.task());
    assertEquals(List.of("false", "true"), e.classes());
    assertEquals(1.0, e.target(true));
    assertEquals(3, e.rows());
    assertEquals(1, e.skipped());
  }

  @Test
  void zeroOneNumbersAreBinaryEvenForAForest() {
    LabelEncoding e = infer(Schema.FieldType.DOUBLE, "random_forest", null, 0.0, 1.0, 1.0);
    assertEquals(ModelTask.BINARY, e.task());
    assertEquals(List.of("0", "1"), e.classes());
  }

  @Test
  void stringLabelIsMulticlassUnlessItHasTwoValues() {
    assertEquals(ModelTask.MULTICLASS, infer(Schema.FieldType.STRING, "logistic", null, "b", "a", "c").task());
    assertEquals(ModelTask.BINARY, infer(Schema.FieldType.STRING, "logistic", null, "yes", "no").task());
    assertEquals(List.of("no", "yes"), infer(Schema.FieldType.STRING, "logistic", null, "yes", "no").classes());
  }

  @Test
  void integerClassesSortByValueNotByText() {
    assertEquals(List.of("2", "10", "100"), infer(Schema.FieldType.INT64, "logistic", null, 100L, 2L, 10L).classes());
  }

  @Test
  void doubleLabelWithManyValuesIsRegressionForLinearAndForest() {
    assertEquals(ModelTask.REGRESSION, infer(Schema.FieldType.DOUBLE, "linear", null, 0.5, 1.5, 7.25).task());
    assertEquals(ModelTask.REGRESSION, infer(Schema.FieldType.DOUBLE, "random_forest", null, 0.5, 1.5, 7.25).task());
  }

  @Test
  void errorsSayWhyTheLabelsCannotBeTrainedOn() {
    assertMessage("the training data is empty", () -> infer(Schema.FieldType.BOOLEAN, "logistic", null));
    assertMessage("label 'y' is null in all 2 rows", () -> infer(Schema.FieldType.BOOLEAN, "logistic", null, null, null));
    assertMessage("label 'y' has only the value 'true'", () -> infer(Schema.FieldType.BOOLEAN, "logistic", null, true, true));
    assertMessage("label 'y' has the value 2.5, which is not a class",
        () -> infer(Schema.FieldType.DOUBLE, "logistic", null, 1.0, 2.5));
    assertMessage("task binary, but label 'y' has 3 values",
        () -> infer(Schema.FieldType.STRING, "logistic", "binary", "a", "b", "c"));
    assertMessage("label 'y' is STRING; regression needs a numeric label",
        () -> infer(Schema.FieldType.STRING, "random_forest", "regression", "a", "b"));
  }

  private static void assertMessage(String expected, org.junit.jupiter.api.function.Executable run) {
    TrainingInputException e = assertThrows(TrainingInputException.class, run);
    assertEquals(true, e.getMessage().contains(expected), e.getMessage());
  }
}
