package dev.kiln.examples.taxi;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.kiln.core.spec.YamlSpecLoader;
import dev.kiln.core.step.PipelineResolver;
import dev.kiln.core.step.ResolvedPipeline;
import dev.kiln.core.step.StepRegistry;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class TaxiPipelineTest {
  @Test
  void javaTwinGivesTheSameSpecAndHashAsTheYaml() {
    Path yaml = Path.of("../pipelines/taxi.yaml");
    ResolvedPipeline fromYaml = new PipelineResolver(StepRegistry.standard()).resolve(YamlSpecLoader.load(yaml), yaml.toString());
    ResolvedPipeline fromJava = TaxiPipeline.build().resolve(StepRegistry.standard());
    assertEquals(fromYaml.spec().canonicalJson(), fromJava.spec().canonicalJson());
    assertEquals(fromYaml.spec().hash(), fromJava.spec().hash());
    // the same code too: the instance-based step and the class-named step fingerprint alike
    assertEquals(fromYaml.step("label").implementationFingerprint(), fromJava.step("label").implementationFingerprint());
  }
}
