package dev.kiln.ml.stats;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.apache.beam.sdk.schemas.Schema;
import org.apache.beam.sdk.values.Row;

/**
 * The per-row CPU cost of the statistics themselves, without Beam: {@link StatisticsBenchmark#loopInMemory}
 * (the {@code StatisticsCombineFn} over Row objects, one thread) over 100,000 synthetic rows shaped like
 * the flights features (4 whole numbers, 2 three-letter codes, a boolean) and over the taxi rows, repeated
 * to {@code rows}; prints the thread CPU time per row and a hash of each statistics document (the same
 * hash means the same bytes). Run it from the repository root, also with {@code -XX:StartFlightRecording}:
 *
 * <pre>
 * java -cp ml/target/test-classes:ml/target/classes:... dev.kiln.ml.stats.StatisticsLoopBenchmark 2000000 4
 * </pre>
 */
public final class StatisticsLoopBenchmark {
  private StatisticsLoopBenchmark() {}

  public static void main(String[] args) {
    long n = Long.parseLong(args[0]);
    int reps = Integer.parseInt(args[1]);
    Schema flights = Schema.builder().addNullableField("delay", Schema.FieldType.INT32)
        .addNullableField("distance", Schema.FieldType.INT32).addNullableField("origin", Schema.FieldType.STRING)
        .addNullableField("destination", Schema.FieldType.STRING).addNullableField("delayed", Schema.FieldType.BOOLEAN)
        .addNullableField("hour", Schema.FieldType.INT32).addNullableField("weekday", Schema.FieldType.INT32).build();
    Random r = new Random(1);
    List<Row> rows = new ArrayList<>();
    for (int i = 0; i < 100_000; i++) {
      int delay = (int) (r.nextGaussian() * 30);
      rows.add(Row.withSchema(flights).addValues(delay, 100 + r.nextInt(2500),
          "A" + (char) ('A' + r.nextInt(15)) + (char) ('A' + r.nextInt(15)), "B" + (char) ('A' + r.nextInt(15)) + (char) ('A' + r.nextInt(15)),
          delay > 15, r.nextInt(24), 1 + r.nextInt(7)).build());
    }
    List<Row> taxi = TaxiData.csvRows(TaxiData.csvSchema());
    for (int rep = 0; rep < reps; rep++) {
      java.lang.management.ThreadMXBean mx = java.lang.management.ManagementFactory.getThreadMXBean();
      long t0 = mx.getCurrentThreadCpuTime();
      Statistics s = StatisticsBenchmark.loopInMemory(rows, flights, n);
      long t1 = mx.getCurrentThreadCpuTime();
      Statistics t = StatisticsBenchmark.loopInMemory(taxi, TaxiData.csvSchema(), n);
      long t2 = mx.getCurrentThreadCpuTime();
      System.out.printf("cpu: flights %.0f ns/row, taxi %.0f ns/row (%d %d)%n", (t1 - t0) / (double) n, (t2 - t1) / (double) n, s.rows(), t.rows());
    }
    String json = StatisticsJson.toJson(StatisticsDocument.of(java.util.Map.of("f", StatisticsBenchmark.loopInMemory(rows, flights, n))));
    String json2 = StatisticsJson.toJson(StatisticsDocument.of(java.util.Map.of("t", StatisticsBenchmark.loopInMemory(taxi, TaxiData.csvSchema(), n))));
    System.out.println("hash flights " + Integer.toHexString(json.hashCode()) + " taxi " + Integer.toHexString(json2.hashCode()));
  }
}
