package dev.kiln.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kiln.runners.testing.TestJars;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.apache.beam.sdk.transforms.PTransform;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** kiln run --jar: a user's transform from a jar of their own, on no class path of the JVM. */
class CliUserJarTest {
  private static final String TRANSFORM = """
      package com.acme;

      import org.apache.beam.sdk.schemas.Schema;
      import org.apache.beam.sdk.transforms.DoFn;
      import org.apache.beam.sdk.transforms.PTransform;
      import org.apache.beam.sdk.transforms.ParDo;
      import org.apache.beam.sdk.values.PCollection;
      import org.apache.beam.sdk.values.Row;

      public class AddTip extends PTransform<PCollection<Row>, PCollection<Row>> {
        static final Schema OUT = Schema.builder().addInt64Field("id").addDoubleField("tip").build();

        @Override
        public PCollection<Row> expand(PCollection<Row> in) {
          return in.apply(ParDo.of(new Tip())).setRowSchema(OUT);
        }

        static class Tip extends DoFn<Row, Row> {
          @ProcessElement
          public void process(@Element Row r, OutputReceiver<Row> out) {
            out.output(Row.withSchema(OUT).addValues(r.getInt64("id"), r.getDouble("fare") * 0.1).build());
          }
        }
      }
      """;

  @TempDir Path dir;
  private final ClassLoader before = Thread.currentThread().getContextClassLoader();

  @AfterEach
  void restore() {
    Thread.currentThread().setContextClassLoader(before);
  }

  @Test
  void aTransformFromAJarGivenWithJarRuns() throws Exception {
    Files.createDirectories(dir.resolve("project"));
    Files.writeString(dir.resolve("project/trips.csv"), "id,fare\n1,10.0\n2,20.5\n3,7.25\n");
    Files.writeString(dir.resolve("p.yaml"), """
        kiln: 1
        pipeline: tips
        steps:
          data: { uses: csv, with: { path: trips.csv } }
          tip:  { uses: transform, class: com.acme.AddTip, in: { examples: data.examples } }
        """);
    CliRunner kiln = new CliRunner(dir.resolve("project"));
    String pipeline = dir.resolve("p.yaml").toString();

    CliRunner.Result without = kiln.kiln("run", pipeline);
    assertEquals(KilnCli.USER_ERROR, without.exitCode(), without.out() + without.err());
    assertTrue(without.err().contains("com.acme.AddTip"), without.err());

    Path jar = TestJars.build(dir.resolve("build"), "acme-steps", Map.of("com.acme.AddTip", TRANSFORM), Map.of(), PTransform.class);
    CliRunner.Result missing = kiln.kiln("run", pipeline, "--jar", dir.resolve("nope.jar").toString());
    assertEquals(KilnCli.USER_ERROR, missing.exitCode(), missing.out() + missing.err());
    assertTrue(missing.err().contains("--jar " + dir.resolve("nope.jar") + ": no such file"), missing.err());

    CliRunner.Result with = kiln.kiln("run", pipeline, "--jar", jar.toString());
    assertEquals(KilnCli.OK, with.exitCode(), with.out() + with.err());
    assertTrue(with.out().matches("(?s).*tip +COMPLETE .*examples 3 rows.*"), with.out());
  }

  @Test
  @org.junit.jupiter.api.Tag("e2e") // a Flink mini cluster: a minute
  void onEmbeddedFlinkToo() throws Exception {
    Files.createDirectories(dir.resolve("project"));
    Files.writeString(dir.resolve("project/trips.csv"), "id,fare\n1,10.0\n2,20.5\n3,7.25\n");
    Files.writeString(dir.resolve("p.yaml"), """
        kiln: 1
        pipeline: tips
        steps:
          data: { uses: csv, with: { path: trips.csv } }
          tip:  { uses: transform, class: com.acme.AddTip, in: { examples: data.examples } }
        """);
    Path jar = TestJars.build(dir.resolve("build"), "acme-steps", Map.of("com.acme.AddTip", TRANSFORM), Map.of(), PTransform.class);
    CliRunner.Result with = new CliRunner(dir.resolve("project")).kiln("run", dir.resolve("p.yaml").toString(), "--jar", jar.toString(),
        "--runner", "flink", "--parallelism", "1");
    assertEquals(KilnCli.OK, with.exitCode(), with.out() + with.err());
    assertTrue(with.out().matches("(?s).*tip +COMPLETE .*examples 3 rows.*"), with.out());
  }
}
