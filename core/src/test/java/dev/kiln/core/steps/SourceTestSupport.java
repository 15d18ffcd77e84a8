package dev.kiln.core.steps;

import dev.kiln.core.artifact.Manifest;
import dev.kiln.core.io.avro.AvroSchemas;
import dev.kiln.core.io.avro.AvroRowConverter;
import dev.kiln.core.plan.MetadataKeys;
import dev.kiln.core.run.RunOutcome;
import dev.kiln.core.testing.TestProject;
import dev.kiln.metadata.Execution;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.apache.avro.file.DataFileReader;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericRecord;
import org.apache.beam.sdk.values.Row;

/** Reading a source step's committed outputs back in tests. */
final class SourceTestSupport {
  private SourceTestSupport() {}

  static Manifest manifest(TestProject project, RunOutcome run, String step, String port) {
    Execution e = project.store.execution(run.executions().get(step)).orElseThrow();
    String uri = e.stringProperty(MetadataKeys.PLANNED_OUTPUTS).replaceAll(".*\"" + port + "\":\"([^\"]+)\".*", "$1");
    return project.artifacts.readManifest(uri).orElseThrow();
  }

  /** Every row of an Avro dataset, sorted by their text. */
  static List<Row> rows(Manifest m) throws IOException {
    List<Row> rows = new ArrayList<>();
    List<Path> files;
    try (Stream<Path> s = Files.walk(Path.of(m.location().replace("file://", "")))) {
      files = s.filter(p -> p.toString().endsWith(".avro")).toList();
    }
    for (Path f : files) {
      try (DataFileReader<GenericRecord> r = new DataFileReader<>(f.toFile(), new GenericDatumReader<>())) {
        AvroRowConverter c = AvroRowConverter.of(r.getSchema(), AvroSchemas.toBeam(r.getSchema()));
        for (GenericRecord g : r) {
          rows.add(c.convert(g));
        }
      }
    }
    rows.sort(Comparator.comparing(Row::toString));
    return rows;
  }
}
