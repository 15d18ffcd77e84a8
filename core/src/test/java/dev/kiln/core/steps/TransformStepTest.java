package dev.kiln.core.steps;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.kiln.core.testing.AddOne;
import org.junit.jupiter.api.Test;

class TransformStepTest {
  @Test
  void aClassIsFoundOnTheClassPathAndMadeWithItsNoArgumentConstructor() {
    assertInstanceOf(AddOne.class, TransformStep.instantiate(AddOne.class.getName(), null));
  }

  @Test
  void aMissingOrUnfitClassIsAOneLineErrorThatSaysWhatToDo() {
    assertEquals("key 'class': class com.example.Nope is not on the class path; build it and put its jar or classes folder"
            + " on the class path (KILN_CLASSPATH, or kiln run --jar)",
        assertThrows(IllegalArgumentException.class, () -> TransformStep.instantiate("com.example.Nope", null)).getMessage());
    assertEquals("key 'class': java.lang.String is not a PTransform<PCollection<Row>, PCollection<Row>>",
        assertThrows(IllegalArgumentException.class, () -> TransformStep.instantiate("java.lang.String", null)).getMessage());
    assertEquals("key 'class': " + NeedsArgument.class.getName() + " needs a public no-argument constructor, or one taking a config record",
        assertThrows(IllegalArgumentException.class, () -> TransformStep.instantiate(NeedsArgument.class.getName(), null)).getMessage());
  }

  /** A PTransform without a no-argument constructor. */
  static final class NeedsArgument extends org.apache.beam.sdk.transforms.PTransform<
      org.apache.beam.sdk.values.PCollection<org.apache.beam.sdk.values.Row>, org.apache.beam.sdk.values.PCollection<org.apache.beam.sdk.values.Row>> {
    NeedsArgument(int x) {}

    @Override
    public org.apache.beam.sdk.values.PCollection<org.apache.beam.sdk.values.Row> expand(
        org.apache.beam.sdk.values.PCollection<org.apache.beam.sdk.values.Row> input) {
      return input;
    }
  }
}
