package dev.kiln.core.spec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class YamlSpecLoaderTest {
  private static final String HEAD = "kiln: 1\npipeline: p\nsteps:\n";

  @Test
  void twoStepsWithOneNameAreRefusedWithTheLine() {
    String yaml = HEAD
        + "  data:  { uses: csv, with: { path: a.csv } }\n"
        + "  split: { uses: split, in: { examples: data }, with: { ratios: { train: 0.8, eval: 0.2 } } }\n"
        + "  split: { uses: split, in: { examples: data }, with: { ratios: { train: 0.5, eval: 0.5 } } }\n";
    SpecException e = assertThrows(SpecException.class, () -> YamlSpecLoader.parse(yaml, "p.yaml"));
    assertTrue(e.getMessage().startsWith("p.yaml:6:"), e.getMessage());
    assertTrue(e.getMessage().contains("key 'split' is given twice"), e.getMessage());
    assertEquals(1, e.getMessage().lines().count());
  }

  @Test
  void aSettingGivenTwiceIsRefusedWithTheLine() {
    String yaml = HEAD
        + "  data:\n"
        + "    uses: csv\n"
        + "    with:\n"
        + "      path: a.csv\n"
        + "      delimiter: ';'\n"
        + "      path: b.csv\n";
    SpecException e = assertThrows(SpecException.class, () -> YamlSpecLoader.parse(yaml, "p.yaml"));
    assertTrue(e.getMessage().startsWith("p.yaml:9:"), e.getMessage());
    assertTrue(e.getMessage().contains("key 'path' is given twice"), e.getMessage());
  }

  @Test
  void anAliasIsRefusedNotReadAsItsName() {
    String yaml = HEAD
        + "  data: { uses: csv, with: { path: &k a.csv } }\n"
        + "  more: { uses: csv, with: { path: *k } }\n";
    SpecException e = assertThrows(SpecException.class, () -> YamlSpecLoader.parse(yaml, "p.yaml"));
    assertTrue(e.getMessage().startsWith("p.yaml:5:"), e.getMessage());
    assertTrue(e.getMessage().contains("'*k' is a YAML alias"), e.getMessage());
    assertEquals(1, e.getMessage().lines().count());
  }

  @Test
  void aMergeKeyAliasIsRefused() {
    String yaml = HEAD
        + "  data: &base { uses: csv, with: { path: a.csv } }\n"
        + "  more:\n"
        + "    <<: *base\n";
    SpecException e = assertThrows(SpecException.class, () -> YamlSpecLoader.parse(yaml, "p.yaml"));
    assertTrue(e.getMessage().contains("'*base' is a YAML alias"), e.getMessage());
  }

  @Test
  void theSameKeyInDifferentMappingsIsFine() {
    String yaml = HEAD
        + "  a: { uses: csv, with: { path: a.csv } }\n"
        + "  b: { uses: csv, with: { path: b.csv } }\n";
    PipelineSpec spec = YamlSpecLoader.parse(yaml, "p.yaml");
    assertEquals(2, spec.steps().size());
  }
}
