package dev.kiln.core.step;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class PortsTest {

  /** A step that declares its ports in one place, as the ML steps do. */
  static final class Declared extends Step {
    @Override
    public String type() {
      return "declared";
    }

    @Override
    protected Ports ports() {
      return Ports.declare().input("examples").input("model", ArtifactKind.MODEL)
          .optionalInput("baseline", ArtifactKind.METRICS).output("metrics", ArtifactKind.METRICS);
    }

    @Override
    public Map<String, List<String>> outputSplits(Map<String, List<String>> inputSplits) {
      return Map.of("metrics", List.of(DatasetRows.UNSPLIT), "rows", inputSplits.get("examples"));
    }

    @Override
    public Map<String, PortValue> expand(StepContext context, Map<String, PortValue> inputs) {
      throw new UnsupportedOperationException();
    }
  }

  /** A step that declares nothing at all. */
  static final class Undeclared extends Step {
    @Override
    public String type() {
      return "undeclared";
    }

    @Override
    public Map<String, List<String>> outputSplits(Map<String, List<String>> inputSplits) {
      return Map.of();
    }

    @Override
    public Map<String, PortValue> expand(StepContext context, Map<String, PortValue> inputs) {
      throw new UnsupportedOperationException();
    }
  }

  @Test
  void theStepsPortMethodsAnswerFromTheDeclarationInItsOrder() {
    Step step = new Declared();
    assertEquals(List.of("examples", "model", "baseline"), step.inputPorts());
    assertEquals(ArtifactKind.DATASET, step.inputKind("examples"));
    assertEquals(ArtifactKind.MODEL, step.inputKind("model"));
    assertEquals(ArtifactKind.METRICS, step.inputKind("baseline"));
    assertEquals(Set.of("baseline"), step.optionalInputPorts());
    assertEquals(ArtifactKind.METRICS, step.outputKind("metrics"));
    assertEquals(ArtifactKind.DATASET, step.outputKind("rows"), "an undeclared output is a Dataset");
  }

  @Test
  void aPortDeclaredTwiceIsRefusedWithItsName() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> Ports.declare().input("examples").input("examples", ArtifactKind.MODEL));
    assertEquals("input port 'examples' is declared twice", e.getMessage());
  }

  @Test
  void aDeclarationIsNotChangedByWhatIsAddedToIt() {
    Ports one = Ports.declare().input("a");
    one.input("b").optionalInput("c", ArtifactKind.MODEL);
    assertEquals(List.of("a"), one.inputNames());
    assertEquals(Set.of(), one.optionalInputs());
  }

  @Test
  void aStepWithoutPortsSaysWhatToOverride() {
    IllegalStateException e = assertThrows(IllegalStateException.class, () -> new Undeclared().inputPorts());
    assertTrue(e.getMessage().contains("step type 'undeclared'") && e.getMessage().contains("override ports() or inputPorts()"),
        e.getMessage());
    assertEquals(ArtifactKind.DATASET, new Undeclared().inputKind("x"));
  }
}
