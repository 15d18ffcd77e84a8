package dev.kiln.examples.taxi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kiln.cli.KilnCli;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The README's demo: the taxi pipeline on the DirectRunner with the embedded store, then a cached rerun. */
@Tag("e2e")
class TaxiDemoE2eTest {
  @TempDir Path project;

  private String kiln(int expectedExit, String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    String[] full = new String[args.length + 2];
    System.arraycopy(args, 0, full, 0, args.length);
    full[args.length] = "--project";
    full[args.length + 1] = project.toString();
    int code = KilnCli.execute(full, new PrintStream(out, true, StandardCharsets.UTF_8), System.err);
    String text = out.toString(StandardCharsets.UTF_8);
    assertEquals(expectedExit, code, text);
    return text;
  }

  @Test
  void taxiRunsThenComesFromCache() throws Exception {
    Files.createDirectories(project.resolve("pipelines"));
    Files.createDirectories(project.resolve("examples/data"));
    Files.copy(Path.of("../pipelines/taxi.yaml"), project.resolve("pipelines/taxi.yaml"));
    Files.copy(Path.of("data/taxi.csv"), project.resolve("examples/data/taxi.csv"));
    String yaml = project.resolve("pipelines/taxi.yaml").toString();

    String first = kiln(0, "run", yaml);
    assertTrue(first.matches("(?s).*data +COMPLETE .*examples 10,000 rows · rejected 0 rows.*"), first);
    assertTrue(first.matches("(?s).*label +COMPLETE .*examples 10,000 rows \\(eval [\\d,]+, train [\\d,]+\\).*"), first);

    String second = kiln(0, "run", yaml);
    assertTrue(second.contains("plan: 3 cached, 0 to run"), second);
    assertTrue(second.contains("(3 cached)"), second);

    // the Java twin shares the cache: same spec, same code
    String twin = kiln(0, "plan", yaml);
    assertTrue(twin.contains("everything is cached"), twin);
  }
}
