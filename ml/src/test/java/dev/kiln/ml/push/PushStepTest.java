package dev.kiln.ml.push;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class PushStepTest {
  @Test
  void theDestinationIsNamedAsAFolderTheStepWritesSoARemoteRunCanRefuseALocalOne() {
    PushStep push = new PushStep(new PushStep.Config("models/taxi"));
    assertEquals(List.of("models/taxi"), push.externalOutputs());
    assertEquals(List.of(), push.externalInputs(), "not an input: pushing must not change the push step's own cache key");
  }
}
