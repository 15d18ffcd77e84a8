package dev.kiln.bench;

import dev.kiln.core.io.FlatRowCoder;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.apache.beam.runners.flink.translation.types.CoderTypeSerializer;
import org.apache.beam.sdk.coders.Coder;
import org.apache.beam.sdk.coders.RowCoder;
import org.apache.beam.sdk.schemas.Schema;
import org.apache.beam.sdk.transforms.windowing.GlobalWindow;
import org.apache.beam.sdk.values.Row;
import org.apache.beam.sdk.values.WindowedValue;
import org.apache.beam.sdk.values.WindowedValues;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.joda.time.Instant;

/**
 * Beam's RowCoder against Kiln's FlatRowCoder on flights-like rows, as rows cross an edge between
 * Flink operators: each row in its global-window WindowedValue, through Beam's CoderTypeSerializer
 * into Flink's DataOutputSerializer, and back from a DataInputDeserializer. Both coders in one JVM,
 * in alternating rounds; the result is thread CPU time per row (the machine is shared) and the
 * ratio, with the encoded size.
 *
 * <pre>
 * java -cp kiln.jar:kiln-examples.jar:kiln-bench.jar dev.kiln.bench.RowCoderBenchmark [ROWS] [ROUNDS]
 * </pre>
 */
public final class RowCoderBenchmark {
  /** The flights rows after the csv step (date) and the derive step (delayed, hour, weekday). */
  static final Schema FLIGHTS = Schema.builder()
      .addDateTimeField("date").addInt64Field("delay").addInt64Field("distance")
      .addStringField("origin").addStringField("destination")
      .addBooleanField("delayed").addInt64Field("hour").addInt64Field("weekday")
      .build();

  private RowCoderBenchmark() {}

  public static void main(String[] args) throws IOException {
    int rows = args.length > 0 ? Integer.parseInt(args[0]) : 500_000;
    int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 8;
    List<WindowedValue<Row>> windowed = flights(rows);
    List<Row> bare = new ArrayList<>(rows);
    windowed.forEach(v -> bare.add(v.getValue()));
    System.out.printf("%d rows x %d rounds (after 3 warm-up rounds each), thread CPU per row, best round:%n", rows, rounds);
    compare("rows alone (CoderTypeSerializer<Row>)", bare, RowCoder.of(FLIGHTS), FlatRowCoder.of(FLIGHTS), rounds);
    compare("rows in their WindowedValue, as on a Flink edge", windowed,
        WindowedValues.getFullCoder(RowCoder.of(FLIGHTS), GlobalWindow.Coder.INSTANCE),
        WindowedValues.getFullCoder(FlatRowCoder.of(FLIGHTS), GlobalWindow.Coder.INSTANCE), rounds);
  }

  private static <T> void compare(String what, List<T> values, Coder<T> beamCoder, Coder<T> flatCoder, int rounds)
      throws IOException {
    Side<T> beam = new Side<>("RowCoder", beamCoder);
    Side<T> flat = new Side<>("FlatRowCoder", flatCoder);
    for (int warm = 0; warm < 3; warm++) {
      beam.round(values, false);
      flat.round(values, false);
    }
    for (int r = 0; r < rounds; r++) {
      beam.round(values, true);
      flat.round(values, true);
    }
    System.out.println(what + ":");
    for (Side<T> s : List.of(beam, flat)) {
      System.out.printf("  %-13s encode %6.1f ns  decode %6.1f ns  total %6.1f ns  (%d bytes a row)%n",
          s.name, s.bestEncode, s.bestDecode, s.bestEncode + s.bestDecode, s.bytesPerRow);
    }
    System.out.printf("  RowCoder / FlatRowCoder: encode %.2fx  decode %.2fx  total %.2fx%n",
        beam.bestEncode / flat.bestEncode, beam.bestDecode / flat.bestDecode,
        (beam.bestEncode + beam.bestDecode) / (flat.bestEncode + flat.bestDecode));
  }

  /** Rows like the flights data: 230-odd airports, delays mostly small, one timestamp a minute apart. */
  static List<WindowedValue<Row>> flights(int n) {
    Random random = new Random(42);
    String[] airports = new String[230];
    for (int i = 0; i < airports.length; i++) {
      airports[i] = "" + (char) ('A' + i % 26) + (char) ('A' + (i / 26) % 26) + (char) ('A' + (i * 7) % 26);
    }
    List<WindowedValue<Row>> values = new ArrayList<>(n);
    long start = 978_307_260_000L; // 2001-01-01 00:01 UTC
    for (int i = 0; i < n; i++) {
      long millis = start + 60_000L * i;
      long delay = (long) (random.nextGaussian() * 30);
      Row row = Row.withSchema(FLIGHTS).addValues(new Instant(millis), delay, 100L + random.nextInt(2500),
          airports[random.nextInt(airports.length)], airports[random.nextInt(airports.length)], delay > 15,
          (millis / 3_600_000L) % 24, 1L + (millis / 86_400_000L) % 7).build();
      values.add(WindowedValues.valueInGlobalWindow(row));
    }
    return values;
  }

  private static final class Side<T> {
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
    final String name;
    final CoderTypeSerializer<T> serializer;
    final DataOutputSerializer out = new DataOutputSerializer(1 << 20);
    double bestEncode = Double.MAX_VALUE;
    double bestDecode = Double.MAX_VALUE;
    long bytesPerRow;
    long checksum;

    Side(String name, Coder<T> coder) {
      this.name = name;
      this.serializer = new CoderTypeSerializer<>(coder, false);
    }

    void round(List<T> values, boolean timed) throws IOException {
      out.clear();
      long t0 = THREADS.getCurrentThreadCpuTime();
      for (T v : values) {
        serializer.serialize(v, out);
      }
      long t1 = THREADS.getCurrentThreadCpuTime();
      DataInputDeserializer in = new DataInputDeserializer(out.getSharedBuffer(), 0, out.length());
      long sum = 0;
      for (int i = 0; i < values.size(); i++) {
        T v = serializer.deserialize(in);
        sum += (v instanceof WindowedValue<?> w ? (Row) w.getValue() : (Row) v).getInt64(2);
      }
      long t2 = THREADS.getCurrentThreadCpuTime();
      if (in.available() != 0) {
        throw new IllegalStateException(name + " left " + in.available() + " bytes unread");
      }
      checksum += sum;
      bytesPerRow = out.length() / values.size();
      if (timed) {
        bestEncode = Math.min(bestEncode, (t1 - t0) / (double) values.size());
        bestDecode = Math.min(bestDecode, (t2 - t1) / (double) values.size());
      }
    }
  }
}
