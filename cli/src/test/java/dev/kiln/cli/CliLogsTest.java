package dev.kiln.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runner logs stay off the terminal: they go to .kiln/kiln.log, whose path a failed run prints; with
 * --verbose they reach the terminal too. Credentials never reach the terminal, the log or the store.
 */
class CliLogsTest {
  @TempDir Path dir;
  CliRunner cli;
  PrintStream realErr;
  ByteArrayOutputStream terminal = new ByteArrayOutputStream();

  private static final String PIPELINE = """
      kiln: 1
      pipeline: loud
      steps:
        data: { uses: csv, with: { path: data.csv } }
        fail: { uses: transform, class: dev.kiln.cli.LoudFailingTransform, in: { examples: data.examples } }
      """;

  @BeforeEach
  void setUp() throws IOException {
    // System.err is the terminal's stderr: what a runner's logger or a dying thread would print to.
    realErr = System.err;
    System.setErr(new PrintStream(terminal, true, StandardCharsets.UTF_8));
    cli = new CliRunner(dir);
    Files.writeString(dir.resolve("data.csv"), "id,fare\n1,10.0\n2,12.5\n");
    Files.writeString(dir.resolve("p.yaml"), PIPELINE);
    assertEquals(0, cli.kiln("init").exitCode());
  }

  @AfterEach
  void restore() {
    System.setErr(realErr);
  }

  private String terminalText(CliRunner.Result r) {
    return r.out() + r.err() + terminal.toString(StandardCharsets.UTF_8);
  }

  @Test
  void aFailedRunsLogsGoToTheLogFileAndItsPathIsPrinted() throws IOException {
    CliRunner.Result r = cli.kiln("run", dir.resolve("p.yaml").toString());
    assertEquals(1, r.exitCode(), r.out() + r.err());
    String seen = terminalText(r);
    assertFalse(seen.contains("Error in task code"), "the runner's ERROR log is not on the terminal: " + seen);
    assertFalse(seen.contains("\tat "), "no stack trace on the terminal: " + seen);
    Path log = dir.resolve(".kiln/kiln.log");
    assertTrue(r.err().contains("logs: " + log), r.err());
    String logged = Files.readString(log);
    assertTrue(logged.contains("Error in task code: LoudFailingTransform"), logged);
    assertTrue(logged.contains("\tat "), "the log file has the stack trace: " + logged);

    assertFalse(seen.contains("s3cret") || logged.contains("s3cret"), "credentials are redacted everywhere");
    assertTrue(r.err().contains("jdbc:postgresql://kiln:***@db.invalid/kiln"), r.err());
    CliRunner.Result show = cli.kiln("show", "last", "--verbose");
    assertFalse(show.out().contains("s3cret"), show.out());
    assertTrue(show.out().contains("row 1 is bad") || show.out().contains("row 2 is bad"), show.out());
    assertTrue(show.out().contains("\tat "), "show --verbose prints the root cause's stack trace: " + show.out());
    assertFalse(cli.kiln("show", "last").out().contains("\tat "), "show without --verbose does not");
  }

  @Test
  void verboseShowsTheLogsOnTheTerminalToo() {
    CliRunner.Result r = cli.kiln("run", dir.resolve("p.yaml").toString(), "--verbose");
    assertEquals(1, r.exitCode(), r.out() + r.err());
    String seen = terminalText(r);
    assertTrue(seen.contains("Error in task code: LoudFailingTransform"), seen);
    assertFalse(seen.contains("s3cret"), seen);
  }

  @Test
  void aMetadataStoreUrlsPasswordIsNotPrintedEvenWithVerbose() throws IOException {
    Files.writeString(dir.resolve(".kiln/config.yaml"), "metadata: jdbc:postgresql://kiln:s3cret@db.invalid:5432/kiln\nartifacts: .kiln/artifacts\n");
    CliRunner.Result r = cli.kiln("runs", "--verbose");
    assertTrue(r.exitCode() != 0, r.out() + r.err());
    String seen = terminalText(r);
    assertFalse(seen.contains("s3cret"), seen);
    assertTrue(seen.contains("db.invalid"), "the error still names the host: " + seen);
  }
}
