package dev.kiln.core.transforms;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.beam.runners.direct.DirectOptions;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.coders.VarLongCoder;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.View;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionView;
import org.junit.jupiter.api.Test;

class AllElementsTest {
  /** What the DoFns below saw, per test (a test's own key), since DoFns are serialized copies. */
  private static final Map<String, List<String>> SEEN = new ConcurrentHashMap<>();
  private static final Map<String, AtomicInteger> BUNDLES = new ConcurrentHashMap<>();
  private static final Map<String, Long> GATE_DONE = new ConcurrentHashMap<>();
  private static final Map<String, Long> COLLECTED_AT = new ConcurrentHashMap<>();

  private static Pipeline pipeline() {
    DirectOptions o = PipelineOptionsFactory.fromArgs("--runner=DirectRunner").as(DirectOptions.class);
    o.setTargetParallelism(2);
    return Pipeline.create(o);
  }

  @Test
  void givesEveryElementAsOneListOnce() {
    String key = "every";
    Pipeline p = pipeline();
    p.apply(Create.of("a", "b", "c"))
        .apply(AllElements.of())
        .apply(ParDo.of(new RecordFn(key)));
    p.run().waitUntilFinish();
    assertEquals(List.of("[a, b, c]"), SEEN.get(key), "one list, every element");
  }

  @Test
  void anEmptyInputGivesOneEmptyList() {
    String key = "empty";
    Pipeline p = pipeline();
    p.apply(Create.empty(StringUtf8Coder.of()))
        .apply(AllElements.of())
        .apply(ParDo.of(new RecordFn(key)));
    p.run().waitUntilFinish();
    assertEquals(List.of("[]"), SEEN.get(key));
  }

  @Test
  void waitsForEveryGateAndRunsItsConsumerInOneBundle() {
    String key = "gated";
    Pipeline p = pipeline();
    PCollection<Long> slowGate = p.apply("Gate", Create.of(1L, 2L).withCoder(VarLongCoder.of()))
        .apply("Slow", ParDo.of(new SlowFn(key)));
    p.apply("Doc", Create.of("doc"))
        .apply(AllElements.<String>of().after(List.of(slowGate)))
        .apply(ParDo.of(new CountBundlesFn(key)));
    p.run().waitUntilFinish();
    assertTrue(COLLECTED_AT.get(key) >= GATE_DONE.get(key), "collected before the gate was complete");
    assertEquals(1, BUNDLES.get(key).get(), "the consumer ran more than once: it was polled while waiting");
  }

  /**
   * The pattern AllElements replaces, for contrast: a ParDo started by a Create and reading a side input
   * that is ready only later is run again and again by the DirectRunner while it waits (each run a new
   * bundle, its DoFn translated anew). If this stops holding, the DirectRunner no longer polls, and
   * AllElements is no longer needed for speed.
   */
  @Test
  void aSideInputThatIsReadyLateIsPolledByTheDirectRunner() {
    String key = "polled";
    Pipeline p = pipeline();
    PCollectionView<List<Long>> late = p.apply("Gate", Create.of(1L, 2L).withCoder(VarLongCoder.of()))
        .apply("Slow", ParDo.of(new SlowFn(key)))
        .apply(View.asList());
    p.apply("Start", Create.of("start"))
        .apply(ParDo.of(new CountBundlesFn(key, late)).withSideInputs(late));
    p.run().waitUntilFinish();
    assertTrue(BUNDLES.get(key).get() > 1, "expected the waiting ParDo to be run more than once, was " + BUNDLES.get(key));
  }

  private static final class RecordFn extends DoFn<List<String>, Void> {
    private final String key;

    RecordFn(String key) {
      this.key = key;
    }

    @ProcessElement
    public void process(@Element List<String> list) {
      List<String> sorted = new ArrayList<>(list);
      java.util.Collections.sort(sorted); // the order within the group is the runner's
      SEEN.computeIfAbsent(key, k -> java.util.Collections.synchronizedList(new ArrayList<>())).add(sorted.toString());
    }
  }

  /** Takes a while per element, then notes when it was done. */
  private static final class SlowFn extends DoFn<Long, Long> {
    private final String key;

    SlowFn(String key) {
      this.key = key;
    }

    @ProcessElement
    public void process(@Element Long n, OutputReceiver<Long> out) throws InterruptedException {
      Thread.sleep(400);
      GATE_DONE.merge(key, System.nanoTime(), Math::max);
      out.output(n);
    }
  }

  /** Counts the bundles it is run in (a new evaluator each time the runner tries it). */
  private static final class CountBundlesFn extends DoFn<Object, Void> {
    private final String key;
    private final PCollectionView<List<Long>> side;

    CountBundlesFn(String key) {
      this(key, null);
    }

    CountBundlesFn(String key, PCollectionView<List<Long>> side) {
      this.key = key;
      this.side = side;
    }

    @StartBundle
    public void start() {
      BUNDLES.computeIfAbsent(key, k -> new AtomicInteger()).incrementAndGet();
    }

    @ProcessElement
    public void process(ProcessContext c) {
      if (side != null) {
        c.sideInput(side);
      }
      COLLECTED_AT.put(key, System.nanoTime());
    }
  }
}
