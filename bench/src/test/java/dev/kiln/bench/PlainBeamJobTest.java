package dev.kiln.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.apache.avro.file.DataFileReader;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericRecord;
import org.apache.beam.runners.direct.DirectRunner;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.options.PipelineOptions;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PlainBeamJobTest {
  @TempDir Path dir;

  @Test
  void writesEveryGoodRowLabelledToAvroAndCountsTheBadOnes() throws Exception {
    List<String> taxi = Files.readAllLines(Path.of("../examples/data/taxi.csv"));
    List<String> lines = new ArrayList<>(taxi.subList(0, 51)); // header + 50 rows
    lines.add("1,not-a-fare,1,1,1,1,,,,,,,,Cash,x,1.0,,0.0");
    Path csv = dir.resolve("in.csv");
    Files.write(csv, lines);

    PipelineOptions options = PipelineOptionsFactory.create();
    options.setRunner(DirectRunner.class); // enforcement on: the DirectRunner's default
    PipelineResult result = PlainBeamJob.build(options, csv.toString(), dir.resolve("out").toString()).run();
    result.waitUntilFinish();

    assertEquals(50, PlainBeamJob.counter(result, "rows"));
    assertEquals(1, PlainBeamJob.counter(result, "rejected"));
    List<GenericRecord> records = readAvro(dir.resolve("out"));
    assertEquals(50, records.size());
    for (GenericRecord r : records) {
      Object fare = r.get("fare");
      Object tips = r.get("tips");
      Object big = r.get("big_tipper");
      if (fare == null || tips == null) {
        assertEquals(null, big);
      } else {
        assertEquals((Double) tips > 0.2 * (Double) fare, big);
      }
    }
    assertTrue(records.stream().anyMatch(r -> Boolean.TRUE.equals(r.get("big_tipper"))));
    assertTrue(records.stream().anyMatch(r -> Boolean.FALSE.equals(r.get("big_tipper"))));
  }

  private static List<GenericRecord> readAvro(Path out) throws Exception {
    List<GenericRecord> all = new ArrayList<>();
    List<Path> files;
    try (Stream<Path> s = Files.list(out)) {
      files = s.filter(p -> p.getFileName().toString().endsWith(".avro")).toList();
    }
    assertFalse(files.isEmpty(), "no .avro files in " + out);
    for (Path f : files) {
      try (DataFileReader<GenericRecord> reader = new DataFileReader<>(new File(f.toString()), new GenericDatumReader<>())) {
        reader.forEach(all::add);
      }
    }
    return all;
  }
}
