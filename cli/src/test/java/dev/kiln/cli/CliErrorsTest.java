package dev.kiln.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Bad input gives one line naming file, step and key, exit code 2, and no stack trace. */
class CliErrorsTest {
  @TempDir Path dir;
  CliRunner cli;

  private static final String GOOD = """
      kiln: 1
      pipeline: small
      steps:
        data:  { uses: csv, with: { path: data.csv } }
        split: { uses: split, in: { examples: data.examples }, with: { ratios: { train: 0.5, eval: 0.5 } } }
      """;

  @BeforeEach
  void setUp() throws IOException {
    cli = new CliRunner(dir);
    Files.writeString(dir.resolve("data.csv"), "id,fare,tips\n1,10.0,1.0\n2,12.5,3.0\n3,8.0,0.0\n");
    assertEquals(0, cli.kiln("init").exitCode());
  }

  private CliRunner.Result run(String yaml) throws IOException {
    Files.writeString(dir.resolve("p.yaml"), yaml);
    return cli.kiln("run", dir.resolve("p.yaml").toString());
  }

  private static void assertUserError(CliRunner.Result r, String expectedStart) {
    assertEquals(2, r.exitCode(), r.out() + r.err());
    String[] lines = r.err().strip().split("\n");
    assertTrue(lines[0].startsWith("error: "), r.err());
    assertTrue(lines[0].contains(expectedStart), () -> "expected: " + expectedStart + "\nbut was: " + r.err());
    assertFalse(r.err().contains("\tat "), "no stack trace without --verbose: " + r.err());
  }

  @Test
  void unknownStepType() throws IOException {
    assertUserError(run(GOOD.replace("uses: split", "uses: spilt")), "p.yaml: step 'split': key 'uses': unknown step type 'spilt'");
  }

  @Test
  void cycle() throws IOException {
    assertUserError(run(GOOD.replace("{ uses: csv, with: { path: data.csv } }",
        "{ uses: split, in: { examples: split.train }, with: { ratios: { a: 1.0 } } }")), "p.yaml: ");
    assertTrue(run(GOOD.replace("{ uses: csv, with: { path: data.csv } }",
        "{ uses: split, in: { examples: split.train }, with: { ratios: { a: 1.0 } } }")).err().contains("form a cycle"));
  }

  @Test
  void danglingPort() throws IOException {
    assertUserError(run(GOOD.replace("data.examples", "data.exampels")), "p.yaml: step 'split': key 'in.examples': step 'data' has no output or split 'exampels'");
  }

  @Test
  void wrongTypeInYaml() throws IOException {
    assertUserError(run(GOOD.replace("train: 0.5", "train: half")), "p.yaml: step 'split': key 'with.ratios.train': ");
  }

  @Test
  void missingInputFile() throws IOException {
    assertUserError(run(GOOD.replace("path: data.csv", "path: nope.csv")), "p.yaml: step 'data': key 'with.path': no file matches");
  }

  @Test
  void missingPipelineFile() {
    CliRunner.Result r = cli.kiln("run", dir.resolve("absent.yaml").toString());
    assertUserError(r, "absent.yaml: no such file");
  }

  @Test
  void malformedCsvRowsFailTheStepWithFileLineAndColumn() throws IOException {
    Files.writeString(dir.resolve("data.csv"), "id,fare,tips\n1,10.0,1.0\n2,twelve,3.0\n3,8.0,0.0\n");
    // declare the types so the bad value cannot widen the column to a string
    CliRunner.Result r = run(GOOD.replace("{ path: data.csv }", "{ path: data.csv, schema: { id: long, fare: double, tips: double } }"));
    assertUserError(r, "step 'data': ");
    assertTrue(r.err().contains("line 3: column 'fare': \"twelve\" is not a double"), r.err());
    assertTrue(r.out().contains("data   FAILED"), r.out());
    assertTrue(r.out().contains("split  FAILED") && r.out().contains("stopped: step 'data' failed"), r.out());
  }

  @Test
  void aSplitKeyThatIsNotAColumnIsAUserError() throws IOException {
    CliRunner.Result r = run(GOOD.replace("{ ratios: { train: 0.5, eval: 0.5 } }", "{ key: fair, ratios: { train: 0.5, eval: 0.5 } }"));
    assertUserError(r, "step 'split': split key 'fair' is not a column; columns are [id, fare, tips]");
  }

  @Test
  void aTransformWhoseRowsHaveNoSchemaIsAUserError() throws IOException {
    CliRunner.Result r = run(GOOD + "  same: { uses: transform, class: dev.kiln.cli.NoSchemaTransform, in: { examples: split.train } }\n");
    assertUserError(r, "step 'same': transform dev.kiln.cli.NoSchemaTransform returned rows without a schema");
  }

  @Test
  void aColumnTheOutputFormatCannotTakeIsAUserError() throws IOException {
    CliRunner.Result r = run(GOOD + "  at: { uses: transform, class: dev.kiln.cli.TimestampColumn, in: { examples: data.examples }, format: tfrecord }\n");
    assertUserError(r, "step 'at': field 'at' has type DATETIME NOT NULL, which a tf.train.Example cannot hold");
  }

  @Test
  void verboseShowsTheStackTrace() throws IOException {
    Files.writeString(dir.resolve("p.yaml"), GOOD.replace("uses: split", "uses: spilt"));
    CliRunner.Result r = cli.kiln("run", dir.resolve("p.yaml").toString(), "--verbose");
    assertEquals(2, r.exitCode());
    assertTrue(r.err().contains("\tat "), r.err());
  }

  @Test
  void unknownOptionIsAUserError() {
    CliRunner.Result r = cli.kiln("run", "--runer", "direct");
    assertEquals(2, r.exitCode());
    assertTrue(r.err().startsWith("error: Unknown option: '--runer'"), r.err());
  }

  @Test
  void helpListsEveryCommandAndEachCommandHasHelp() {
    CliRunner.Result all = cli.kiln("--help");
    assertEquals(0, all.exitCode());
    for (String c : new String[] {"init", "plan", "run", "runs", "show", "lineage", "artifacts"}) {
      assertTrue(all.out().contains("  " + c + " "), all.out());
      CliRunner.Result one = cli.kiln(c, "--help");
      assertEquals(0, one.exitCode(), c + ": " + one.err());
      assertTrue(one.out().startsWith("Usage: kiln " + c), one.out());
    }
  }

  @Test
  void commandsOutsideAProjectSayWhatToDo(@TempDir Path elsewhere) {
    CliRunner.Result r = new CliRunner(elsewhere).kiln("runs");
    assertUserError(r, "no Kiln project here");
    assertTrue(r.err().contains("run 'kiln init' first"));
  }
}
