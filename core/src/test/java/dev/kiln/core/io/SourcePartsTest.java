package dev.kiln.core.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.IntStream;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.coders.VarIntCoder;
import org.apache.beam.sdk.io.BoundedSource;
import org.apache.beam.sdk.options.PipelineOptions;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.Sum;
import org.apache.beam.sdk.values.PCollection;
import org.junit.jupiter.api.Test;

/**
 * Parts released in waves on the DirectRunner: a part's rows go through the whole job before the
 * runner reads more parts, so the rows in flight do not grow with the number of parts.
 */
class SourcePartsTest {
  private static final int PARTS = 48;
  private static final int ROWS_PER_PART = 200;
  /**
   * A wave is two parts for each of the runner's max(3, target parallelism = 2) = 3 slices; a wave's
   * last rows may still be in flight when the next wave is read: two waves' rows.
   */
  private static final long IN_FLIGHT_BOUND = 2L * 2 * 3 * ROWS_PER_PART;

  /** Counters of one pipeline run, shared by its DoFns (the DirectRunner runs them in this JVM). */
  private static final Map<String, Flight> FLIGHTS = new ConcurrentHashMap<>();

  private static final class Flight {
    final AtomicLong read = new AtomicLong();
    final AtomicLong done = new AtomicLong();
    final AtomicLong maxInFlight = new AtomicLong();
    final AtomicLong maxBundle = new AtomicLong();
  }

  @Test
  void inWavesTheRowsInFlightStayWithinAFewPartsAndEachBundleIsOnePart() {
    Flight flight = run(true);
    assertEquals((long) PARTS * ROWS_PER_PART, flight.done.get());
    assertEquals(ROWS_PER_PART, flight.maxBundle.get(), "rows per bundle at the last step");
    assertTrue(flight.maxInFlight.get() <= IN_FLIGHT_BOUND,
        "rows read but not through the job, at most: " + flight.maxInFlight.get() + " > " + IN_FLIGHT_BOUND);
  }

  @Test
  void releasedAtOnceEveryPartIsReadBeforeMostRowsGoOn() {
    // what the waves prevent: the same job with all parts at once has most rows in flight together
    Flight flight = run(false);
    assertEquals((long) PARTS * ROWS_PER_PART, flight.done.get());
    assertTrue(flight.maxInFlight.get() > IN_FLIGHT_BOUND,
        "rows in flight at most: " + flight.maxInFlight.get() + " <= " + IN_FLIGHT_BOUND);
  }

  @Test
  void aReaderGivesUpTheRestOfItsRangeAfterTheFirstPartWhenAsked() throws Exception {
    SourceParts.PartsSource<Integer> source = SourceParts.PartsSource.of(List.of(10, 11, 12, 13), VarIntCoder.of());
    PipelineOptions options = PipelineOptionsFactory.create();
    List<? extends BoundedSource<Integer>> lanes = source.split(4 * SourceParts.PartsSource.PART_WEIGHT, options);
    assertEquals(2, lanes.size(), "two lanes per slice of the desired size");
    try (BoundedSource.BoundedReader<Integer> reader = source.createReader(options)) {
      assertTrue(reader.start());
      assertEquals(10, reader.getCurrent());
      BoundedSource<Integer> rest = reader.splitAtFraction(0.5);
      assertEquals(List.of(11, 12, 13), readAll(rest, options));
      assertTrue(!reader.advance(), "the reader stops after its first part");
      assertNull(reader.splitAtFraction(0.5), "nothing left to give up");
    }
  }

  /** Reads as the DirectRunner does: one part, a split, the rest later. */
  private static List<Integer> readAll(BoundedSource<Integer> source, PipelineOptions options) throws Exception {
    List<Integer> out = new ArrayList<>();
    try (BoundedSource.BoundedReader<Integer> reader = source.createReader(options)) {
      assertTrue(reader.start());
      out.add(reader.getCurrent());
      BoundedSource<Integer> rest = reader.splitAtFraction(0.5);
      assertTrue(!reader.advance());
      if (rest != null) {
        out.addAll(readAll(rest, options));
      }
    }
    return out;
  }

  private static Flight run(boolean waves) {
    String id = UUID.randomUUID().toString();
    Flight flight = new Flight();
    FLIGHTS.put(id, flight);
    try {
      PipelineOptions options = PipelineOptionsFactory.fromArgs("--runner=DirectRunner", "--targetParallelism=2",
          "--enforceImmutability=false", "--enforceEncodability=false").create();
      options.as(SourcePartOptions.class).setPartsInWaves(waves);
      Pipeline p = Pipeline.create(options);
      List<Integer> parts = IntStream.range(0, PARTS).boxed().toList();
      PCollection<Long> rows = p.apply("Parts", SourceParts.of(parts, VarIntCoder.of()))
          .apply("Read", ParDo.of(new ReadPartFn(id)))
          .apply("Middle", ParDo.of(new PassFn()))
          .apply("Last", ParDo.of(new LastFn(id)));
      PAssert.that(rows.apply(Sum.longsGlobally())).containsInAnyOrder(
          (long) PARTS * ROWS_PER_PART * (PARTS * ROWS_PER_PART - 1) / 2);
      p.run().waitUntilFinish();
      return flight;
    } finally {
      FLIGHTS.remove(id);
    }
  }

  /** A part to its rows, as a source's reading ParDo does. */
  private static final class ReadPartFn extends DoFn<Integer, Long> {
    private final String id;

    ReadPartFn(String id) {
      this.id = id;
    }

    @ProcessElement
    public void process(@Element Integer part, OutputReceiver<Long> out) {
      for (int i = 0; i < ROWS_PER_PART; i++) {
        FLIGHTS.get(id).read.incrementAndGet();
        out.output((long) part * ROWS_PER_PART + i);
      }
    }
  }

  private static final class PassFn extends DoFn<Long, Long> {
    @ProcessElement
    public void process(@Element Long row, OutputReceiver<Long> out) {
      out.output(row);
    }
  }

  /** The last per-row step: counts rows done, the most in flight, and the largest bundle. */
  private static final class LastFn extends DoFn<Long, Long> {
    private final String id;
    private transient long inBundle;

    LastFn(String id) {
      this.id = id;
    }

    @StartBundle
    public void start() {
      inBundle = 0;
    }

    @ProcessElement
    public void process(@Element Long row, OutputReceiver<Long> out) {
      Flight flight = FLIGHTS.get(id);
      long done = flight.done.incrementAndGet();
      flight.maxInFlight.accumulateAndGet(flight.read.get() - done, Math::max);
      inBundle++;
      out.output(row);
    }

    @FinishBundle
    public void finish() {
      FLIGHTS.get(id).maxBundle.accumulateAndGet(inBundle, Math::max);
    }
  }
}
