package dev.kiln.core.artifact;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kiln.core.step.DatasetRows;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.coders.RowCoder;
import org.apache.beam.sdk.transforms.Create;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Avro's own command-line tool reads what Kiln writes. Runs with -Pe2e, which provides avro-tools. */
@Tag("e2e")
class AvroToolsE2eTest {
  @TempDir Path tmp;

  @Test
  void avroToolsToJsonReadsAKilnWrittenFile() throws IOException, InterruptedException {
    String jar = System.getProperty("kiln.avroTools");
    assertTrue(jar != null && Files.exists(Path.of(jar)), "avro-tools jar not found (" + jar + "); run with -Pe2e");

    ArtifactStore store = ArtifactStore.at(tmp.toString());
    OutputTarget target = store.datasetTarget("taxi", "data", "examples", 1, DatasetFormat.AVRO).withNumShards(1);
    Pipeline p = TestRows.pipeline();
    DatasetWriter.write(DatasetRows.of(p.apply(Create.of(TestRows.rows(0, 6)).withCoder(RowCoder.of(TestRows.SCHEMA)))
        .setRowSchema(TestRows.SCHEMA)), target);
    p.run().waitUntilFinish();
    Manifest m = store.readManifest(target.uri()).orElseThrow();
    Path file = Path.of(m.location()).resolve(m.splits().get(0).files().get(0).path());

    Process tool = new ProcessBuilder("java", "-jar", jar, "tojson", file.toString())
        .redirectError(tmp.resolve("stderr.txt").toFile()).start();
    String out = new String(tool.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(tool.waitFor(60, TimeUnit.SECONDS), "avro-tools did not finish");
    assertEquals(0, tool.exitValue(), Files.readString(tmp.resolve("stderr.txt")));
    List<String> lines = out.lines().filter(l -> !l.isBlank()).toList();
    assertEquals(6, lines.size(), out);
    assertTrue(lines.stream().anyMatch(l -> l.contains("\"id\":5") && l.contains("\"fare\":1.25")), out);
  }

  @Test
  void avroToolsReadsColumnsWhoseNamesAvroDoesNotAcceptUnderTheirValidNames() throws IOException, InterruptedException {
    String jar = System.getProperty("kiln.avroTools");
    assertTrue(jar != null && Files.exists(Path.of(jar)), "avro-tools jar not found (" + jar + "); run with -Pe2e");
    org.apache.beam.sdk.schemas.Schema schema = org.apache.beam.sdk.schemas.Schema.builder()
        .addDoubleField("trip miles").addStringField("Größe").build();
    ArtifactStore store = ArtifactStore.at(tmp.toString());
    OutputTarget target = store.datasetTarget("taxi", "names", "examples", 1, DatasetFormat.AVRO).withNumShards(1);
    Pipeline p = TestRows.pipeline();
    DatasetWriter.write(DatasetRows.of(p.apply(Create.of(org.apache.beam.sdk.values.Row.withSchema(schema).addValues(1.5, "groß").build())
        .withCoder(RowCoder.of(schema))).setRowSchema(schema)), target);
    p.run().waitUntilFinish();
    Manifest m = store.readManifest(target.uri()).orElseThrow();
    Path file = Path.of(m.location()).resolve(m.splits().get(0).files().get(0).path());

    Process tool = new ProcessBuilder("java", "-jar", jar, "tojson", file.toString())
        .redirectError(tmp.resolve("stderr2.txt").toFile()).start();
    String out = new String(tool.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(tool.waitFor(60, TimeUnit.SECONDS), "avro-tools did not finish");
    assertEquals(0, tool.exitValue(), Files.readString(tmp.resolve("stderr2.txt")));
    assertTrue(out.contains("\"trip_miles\":1.5") && out.contains("\"Gr__e\":\"groß\""), out);
    assertEquals(List.of("trip miles", "Größe"), m.beamSchema().getFieldNames());
  }
}
