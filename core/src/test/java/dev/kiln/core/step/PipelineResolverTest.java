package dev.kiln.core.step;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.kiln.core.api.KilnPipeline;
import dev.kiln.core.api.Split;
import dev.kiln.core.api.StepDefinition;
import dev.kiln.core.spec.PipelineSpec;
import dev.kiln.core.spec.SpecException;
import dev.kiln.core.spec.YamlSpecLoader;
import dev.kiln.core.testing.TestSteps;
import java.util.List;
import org.junit.jupiter.api.Test;

class PipelineResolverTest {
  private static final String GOOD = """
      kiln: 1
      pipeline: demo
      steps:
        data:  { uses: rows, with: { count: 10 } }
        split: { uses: split, in: { examples: data }, with: { key: id, ratios: { train: 0.8, eval: 0.2 } } }
        keep:  { uses: split, in: { examples: split.train }, with: { ratios: { all: 1.0 } } }
      """;

  private static ResolvedPipeline resolve(String yaml) {
    return new PipelineResolver(TestSteps.registry()).resolve(YamlSpecLoader.parse(yaml, "demo.yaml"), "demo.yaml");
  }

  private static String error(String yaml) {
    return assertThrows(SpecException.class, () -> resolve(yaml)).getMessage();
  }

  private static void assertContains(String actual, String expected) {
    assertTrue(actual.contains(expected), () -> "expected to contain: " + expected + "\nbut was: " + actual);
  }

  @Test
  void resolvesReferencesAndFillsDefaults() {
    ResolvedPipeline p = resolve(GOOD);
    assertEquals(List.of("data", "split", "keep"), p.order());
    assertEquals("split.examples.train", p.stepSpec("keep").inputs().get("examples").toString());
    assertEquals("data.examples", p.stepSpec("split").inputs().get("examples").toString());
    assertEquals(1.0, p.stepSpec("data").config().get("factor").asDouble(), "default filled in");
    assertEquals(List.of("eval", "train"), p.outputSplits().get("split").get("examples"));
  }

  @Test
  void yamlAndJavaGiveTheSameSpec() {
    KilnPipeline demo = KilnPipeline.named("demo");
    var data = demo.add("data", new StepDefinition("rows", null, JsonNodeFactory.instance.objectNode().put("count", 10), null, null));
    var split = demo.add("split", Split.byHash("id").ratios("train", 0.8, "eval", 0.2), data);
    demo.add("keep", Split.byRow().ratios("all", 1.0), split.get("train"));
    PipelineSpec fromJava = demo.resolve(TestSteps.registry()).spec();
    PipelineSpec fromYaml = resolve(GOOD).spec();
    assertEquals(fromYaml.canonicalJson(), fromJava.canonicalJson());
    assertEquals(fromYaml.hash(), fromJava.hash());
  }

  @Test
  void equivalentWritingsHashAlike() {
    String reordered = GOOD.replace("ratios: { train: 0.8, eval: 0.2 }", "ratios: { eval: 0.2, train: 0.8 }")
        .replace("{ count: 10 }", "{ count: 10, factor: 1.0 }");
    assertEquals(resolve(GOOD).spec().hash(), resolve(reordered).spec().hash());
    assertTrue(!resolve(GOOD).spec().hash().equals(resolve(GOOD.replace("count: 10", "count: 11")).spec().hash()));
  }

  @Test
  void unknownStepTypeNamesFileStepAndKey() {
    String m = error(GOOD.replace("uses: rows", "uses: rowz"));
    assertEquals("demo.yaml: step 'data': key 'uses': unknown step type 'rowz'; known types are rows, split, transform", m.replaceAll("known types are .*", "known types are rows, split, transform"));
    assertTrue(m.contains("known types are"), m);
  }

  @Test
  void cycleIsReported() {
    String m = error("""
        kiln: 1
        pipeline: demo
        steps:
          a: { uses: split, in: { examples: b }, with: { ratios: { x: 1.0 } } }
          b: { uses: split, in: { examples: a.x }, with: { ratios: { y: 1.0 } } }
        """);
    assertTrue(m.startsWith("demo.yaml: ") && m.contains("[a, b] form a cycle"), m);
  }

  @Test
  void danglingReferenceIsReported() {
    String m = error(GOOD.replace("examples: split.train", "examples: splitt.train"));
    assertTrue(m.startsWith("demo.yaml: step 'keep': key 'in.examples': 'splitt.train' refers to a step 'splitt' that does not exist"), m);
  }

  @Test
  void unknownSplitOrPortIsReported() {
    String m = error(GOOD.replace("examples: split.train", "examples: split.test"));
    assertTrue(m.startsWith("demo.yaml: step 'keep': key 'in.examples': step 'split' has no output or split 'test'"), m);
  }

  @Test
  void unconnectedAndUnknownInputPortsAreReported() {
    assertContains(error(GOOD.replace("in: { examples: data }, ", "")), "step 'split': key 'in.examples': input port 'examples' is not connected");
    assertContains(error(GOOD.replace("in: { examples: data }", "in: { examples: data, extra: data }")),
        "step 'split': key 'in.extra': step type 'split' has no input port 'extra'");
  }

  @Test
  void wrongTypeInYamlNamesTheKey() {
    String m = error(GOOD.replace("count: 10", "count: ten"));
    assertTrue(m.startsWith("demo.yaml: step 'data': key 'with.count': "), m);
    assertTrue(m.contains("ten"), m);
    String ratio = error(GOOD.replace("train: 0.8", "train: lots"));
    assertTrue(ratio.startsWith("demo.yaml: step 'split': key 'with.ratios.train': "), ratio);
  }

  @Test
  void unknownSettingListsTheKnownOnes() {
    String m = error(GOOD.replace("key: id,", "kee: id,"));
    assertEquals("demo.yaml: step 'split': key 'with.kee': unknown setting; settings of 'split' are [key, ratios]", m);
  }

  @Test
  void badRatiosAreReported() {
    String m = error(GOOD.replace("eval: 0.2", "eval: 0.3"));
    assertTrue(m.startsWith("demo.yaml: step 'split': ") && m.contains("ratios add up to 1.1"), m);
  }

  @Test
  void yamlShapeErrorsNameTheFileAndLine() {
    assertTrue(assertThrows(SpecException.class, () -> YamlSpecLoader.parse("kiln: 1\npipeline: [", "x.yaml")).getMessage().startsWith("x.yaml:"));
    assertEquals("x.yaml: step 'a': key 'usez': unknown key; a step has uses, class, in, with, format and backend",
        assertThrows(SpecException.class, () -> YamlSpecLoader.parse("kiln: 1\npipeline: p\nsteps:\n  a: { usez: csv }\n", "x.yaml")).getMessage());
    assertEquals("x.yaml: key 'kiln': must be 1 (the pipeline format version)",
        assertThrows(SpecException.class, () -> YamlSpecLoader.parse("kiln: 2\npipeline: p\nsteps:\n  a: { uses: csv }\n", "x.yaml")).getMessage());
  }

  @Test
  void transformWithoutClassOrMissingClassIsReported() {
    String base = GOOD.replace("keep:  { uses: split, in: { examples: split.train }, with: { ratios: { all: 1.0 } } }",
        "keep:  { uses: transform, class: com.example.Nope, in: { examples: split.train } }");
    String m = error(base);
    assertTrue(m.startsWith("demo.yaml: step 'keep': key 'class': class com.example.Nope is not on the class path"), m);
  }

  @Test
  void aBareSourceReferenceReadsItsMainOutputAsIfItWereNamed() {
    String bare = """
        kiln: 1
        pipeline: demo
        steps:
          data:  { uses: csv, with: { path: trips.csv } }
          split: { uses: split, in: { examples: data }, with: { ratios: { train: 0.8, eval: 0.2 } } }
          bad:   { uses: split, in: { examples: data.rejected }, with: { ratios: { all: 1.0 } } }
        """;
    ResolvedPipeline p = resolve(bare);
    assertEquals("data.examples", p.stepSpec("split").inputs().get("examples").toString());
    assertEquals("data.rejected", p.stepSpec("bad").inputs().get("examples").toString());
    assertEquals(resolve(bare.replace("examples: data }", "examples: data.examples }")).spec().hash(), p.spec().hash(),
        "the same pipeline, so the same hash and cache keys");
  }
}
