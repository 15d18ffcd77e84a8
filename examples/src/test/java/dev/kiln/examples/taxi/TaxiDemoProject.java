package dev.kiln.examples.taxi;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.kiln.cli.KilnCli;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A fresh project laid out as the README's demo expects ({@code pipelines/taxi.yaml} reading
 * {@code examples/data/taxi.csv}), and the {@code kiln} command run in it in process, as the e2e tests
 * of the demo use it.
 */
final class TaxiDemoProject {
  private final Path dir;

  private TaxiDemoProject(Path dir) {
    this.dir = dir;
  }

  /** Copies the repository's taxi pipeline and sample into {@code dir} (run from the examples module). */
  static TaxiDemoProject in(Path dir) throws IOException {
    Files.createDirectories(dir.resolve("pipelines"));
    Files.createDirectories(dir.resolve("examples/data"));
    Files.copy(Path.of("../pipelines/taxi.yaml"), dir.resolve("pipelines/taxi.yaml"));
    Files.copy(Path.of("data/taxi.csv"), dir.resolve("examples/data/taxi.csv"));
    return new TaxiDemoProject(dir);
  }

  /** The project's copy of the taxi pipeline. */
  Path pipeline() {
    return dir.resolve("pipelines/taxi.yaml");
  }

  /** {@code kiln ARGS --project DIR}; its stdout then stderr, after checking the exit code. */
  String kiln(int expectedExit, String... args) {
    String[] full = new String[args.length + 2];
    System.arraycopy(args, 0, full, 0, args.length);
    full[args.length] = "--project";
    full[args.length + 1] = dir.toString();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code = KilnCli.execute(full, new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8));
    String text = out.toString(StandardCharsets.UTF_8) + err.toString(StandardCharsets.UTF_8);
    assertEquals(expectedExit, code, text);
    return text;
  }
}
