package dev.kiln.core.steps;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kiln.core.api.KilnPipeline;
import dev.kiln.core.api.StepDefinition;
import dev.kiln.core.api.Steps;
import dev.kiln.core.plan.Decision;
import dev.kiln.core.plan.StepPlan;
import dev.kiln.core.run.RunOutcome;
import dev.kiln.core.spec.SpecException;
import dev.kiln.core.spec.YamlSpecLoader;
import dev.kiln.core.step.PipelineResolver;
import dev.kiln.core.step.ResolvedPipeline;
import dev.kiln.core.testing.AddN;
import dev.kiln.core.testing.AddOne;
import dev.kiln.core.testing.TestProject;
import dev.kiln.core.testing.TestSteps;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A transform's settings (its config record) are part of the spec: YAML's with:, and the Java API's HasConfig. */
class TransformSettingsTest {
  private static final String YAML = """
      kiln: 1
      pipeline: settings
      steps:
        data: { uses: rows, with: { count: 5 } }
        add:  { uses: transform, class: dev.kiln.core.testing.AddN, in: { examples: data }, with: { n: 3 } }
      """;

  @TempDir Path dir;

  private static ResolvedPipeline resolve(String yaml) {
    return new PipelineResolver(TestSteps.registry()).resolve(YamlSpecLoader.parse(yaml, "test.yaml"), "test.yaml");
  }

  @Test
  void yamlWithIsReadIntoTheConfigRecordAndPassedToTheConstructor() throws java.io.IOException {
    try (TestProject project = new TestProject(dir)) {
      RunOutcome outcome = project.run(YAML);
      assertTrue(outcome.succeeded(), outcome.error());
      ResolvedPipeline p = project.resolve(YAML);
      // normalized with the record's defaults, as a built-in step's config is
      assertEquals("{\"column\":\"plus_n\",\"n\":3}", dev.kiln.core.spec.CanonicalJson.of(p.stepSpec("add").config()));
      var rows = SourceTestSupport.rows(SourceTestSupport.manifest(project, outcome, "add", "examples"));
      assertEquals(5, rows.size());
      rows.forEach(r -> assertEquals(r.getInt64("id") + 3, r.getInt64("plus_n")));
    }
  }

  @Test
  void aWrongSettingIsAOneLineErrorNamingTheStepAndKey() {
    assertEquals("test.yaml: step 'add': key 'with.m': unknown setting; settings of 'transform' are [column, n]",
        assertThrows(SpecException.class, () -> resolve(YAML.replace("n: 3", "n: 3, m: 3"))).getMessage());
    assertEquals("test.yaml: step 'add': key 'with': n must not be negative, got -1",
        assertThrows(SpecException.class, () -> resolve(YAML.replace("n: 3", "n: -1"))).getMessage());
    assertEquals("test.yaml: step 'add': key 'with': " + AddOne.class.getName() + " takes no settings; give it a public"
            + " constructor taking one config record (public MyTransform(MySettings settings)) to read with: into",
        assertThrows(SpecException.class, () -> resolve(YAML.replace("AddN", "AddOne"))).getMessage());
  }

  /** A transform whose config record Beam could not serialize. */
  public static class Unserializable extends org.apache.beam.sdk.transforms.PTransform<
      org.apache.beam.sdk.values.PCollection<org.apache.beam.sdk.values.Row>, org.apache.beam.sdk.values.PCollection<org.apache.beam.sdk.values.Row>> {
    public record Settings(long n) {}

    public Unserializable(Settings settings) {}

    @Override
    public org.apache.beam.sdk.values.PCollection<org.apache.beam.sdk.values.Row> expand(
        org.apache.beam.sdk.values.PCollection<org.apache.beam.sdk.values.Row> rows) {
      return rows;
    }
  }

  @Test
  void aConfigRecordBeamCannotSerializeIsRefusedWhenThePipelineIsResolved() {
    assertEquals("test.yaml: step 'add': key 'class': " + Unserializable.class.getName() + "'s config record Settings must implement"
            + " java.io.Serializable: Beam serializes the transform, and the transform holds its config",
        assertThrows(SpecException.class, () -> resolve(YAML.replace("dev.kiln.core.testing.AddN", Unserializable.class.getName())))
            .getMessage());
  }

  @Test
  void aJavaTransformRecordsItsConfigSoTheStoredSpecRecreatesIt() {
    KilnPipeline java = KilnPipeline.named("settings");
    var data = java.add("data", Steps.uses("rows", Map.of("count", 5)));
    java.add("add", Steps.transform(new AddN(new AddN.Settings(3, null))), data);
    ResolvedPipeline fromJava = java.resolve(TestSteps.registry());
    // the spec alone (as stored with a run), without the instance: the same step, the same hash
    ResolvedPipeline fromSpec = resolve(fromJava.spec().canonicalJson());
    assertEquals(fromJava.spec().hash(), fromSpec.spec().hash());
    assertEquals(fromJava.step("add").implementationFingerprint(), fromSpec.step("add").implementationFingerprint());
    assertEquals(new AddN.Settings(3, "plus_n"), ((TransformStep) fromSpec.step("add")).config());
    // and the YAML with the same settings is the same pipeline
    assertEquals(resolve(YAML).spec().hash(), fromJava.spec().hash());
  }

  @Test
  void aJavaTransformWithStateOutsideItsConfigIsRefused() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> Steps.transform(new AddN(new AddN.Settings(3, null)).withHidden(7)));
    assertEquals(AddN.class.getName() + " differs from new AddN(config()): it holds settings outside its config record;"
        + " put them in Settings so the spec stored with a run recreates the transform", e.getMessage());
  }

  @Test
  void planNamesTheChangedSettingOfATransform() {
    try (TestProject project = new TestProject(dir)) {
      assertTrue(project.run(YAML).succeeded());
      StepPlan add = project.plan(YAML.replace("n: 3", "n: 4")).steps().get("add");
      assertEquals(Decision.RUN, add.decision());
      assertEquals("config changed: n", add.reason());
      assertEquals(Decision.CACHED, project.plan(YAML).steps().get("add").decision());
    }
  }

  @Test
  void aTransformWithoutSettingsKeepsItsInstanceInTheKey() {
    StepDefinition plain = Steps.transform(new AddOne());
    assertEquals(null, plain.config());
  }
}
