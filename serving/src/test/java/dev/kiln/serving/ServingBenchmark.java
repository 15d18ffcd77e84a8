package dev.kiln.serving;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kiln.ml.model.Prediction;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.apache.avro.file.DataFileReader;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericRecord;
import org.apache.beam.sdk.values.Row;

/**
 * The in-process side of {@code scripts/bench/serving.sh}.
 *
 * <pre>
 * bodies MODEL_JSON PREDICTIONS_DIR OUT_DIR   request bodies from the infer step's rows: row.json (one record), batch100.json
 * floor  MODEL_JSON PREDICTIONS_DIR SECONDS   the raw scoring loop (Row → ServingModel) and the same with
 *                                             the server's JSON reading and writing, single-threaded
 * </pre>
 */
public final class ServingBenchmark {
  private ServingBenchmark() {}

  public static void main(String[] args) throws Exception {
    ServedModel model = ServedModel.of("taxi", "bench", Files.readString(Path.of(args[1])));
    List<GenericRecord> rows = records(Path.of(args[2]));
    switch (args[0]) {
      case "bodies" -> bodies(model, rows, Path.of(args[3]));
      case "floor" -> floor(model, rows, Double.parseDouble(args[3]));
      default -> throw new IllegalArgumentException("bodies or floor, not " + args[0]);
    }
  }

  private static void bodies(ServedModel model, List<GenericRecord> rows, Path out) throws IOException {
    Files.createDirectories(out);
    Files.writeString(out.resolve("row.json"), Http.JSON.createArrayNode().add(ParityTest.record(rows.get(0), model)).toString());
    ArrayNode batch = Http.JSON.createArrayNode();
    for (int i = 0; i < 100; i++) {
      batch.add(ParityTest.record(rows.get(i % rows.size()), model));
    }
    Files.writeString(out.resolve("batch100.json"), batch.toString());
    ObjectNode v2 = ParityTest.v2Request(rows.subList(0, 1), model);
    Files.writeString(out.resolve("row-v2.json"), v2.toString());
  }

  private static void floor(ServedModel model, List<GenericRecord> records, double seconds) {
    List<Row> rows = new ArrayList<>();
    List<byte[]> bodies = new ArrayList<>();
    for (GenericRecord r : records) {
      byte[] body = Http.JSON.createArrayNode().add(ParityTest.record(r, model)).toString().getBytes(StandardCharsets.UTF_8);
      bodies.add(body);
      rows.add(InferenceRequest.read(body, model).rows().get(0));
    }
    System.out.println("rows: " + rows.size() + " (the infer step's eval rows), single-threaded");
    for (int round = 0; round < 2; round++) { // the first round warms the JIT
      measure("score a Row (floor)", seconds, i -> model.predict(rows.get(i % rows.size())).value(), round == 1);
      measure("read JSON + score + write JSON", seconds, i -> {
        byte[] body = bodies.get(i % bodies.size());
        InferenceRequest req = InferenceRequest.read(body, model);
        List<Prediction> p = List.of(model.predict(req.rows().get(0)));
        return InferenceResponse.write(model, req, p).length;
      }, round == 1);
    }
  }

  private interface Work {
    double run(int i);
  }

  private static void measure(String what, double seconds, Work work, boolean print) {
    long end = System.nanoTime() + (long) (seconds * 1e9);
    long[] lat = new long[1 << 22];
    int n = 0;
    double sink = 0;
    long start = System.nanoTime();
    long now = start;
    while (now < end) {
      long t0 = now;
      sink += work.run(n);
      now = System.nanoTime();
      if (n < lat.length) {
        lat[n] = now - t0;
      }
      n++;
    }
    double elapsed = (now - start) / 1e9;
    long[] sorted = Arrays.copyOf(lat, Math.min(n, lat.length));
    Arrays.sort(sorted);
    if (print) {
      System.out.printf("%-32s %,12.0f calls/s   p50 %6.2f µs   p99 %6.2f µs   (%d calls; sink %s)%n", what, n / elapsed,
          sorted[sorted.length / 2] / 1e3, sorted[(int) (sorted.length * 0.99)] / 1e3, n, sink == 42 ? "!" : "ok");
    }
  }

  private static List<GenericRecord> records(Path dir) throws IOException {
    List<GenericRecord> rows = new ArrayList<>();
    try (Stream<Path> files = Files.walk(dir)) {
      for (Path f : files.filter(p -> p.getFileName().toString().endsWith(".avro")).sorted().toList()) {
        try (DataFileReader<GenericRecord> in = new DataFileReader<>(f.toFile(), new GenericDatumReader<>())) {
          in.forEach(rows::add);
        }
      }
    }
    return rows;
  }
}
