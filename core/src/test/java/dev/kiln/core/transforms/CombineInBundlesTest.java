package dev.kiln.core.transforms;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.coders.Coder;
import org.apache.beam.sdk.coders.CoderRegistry;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.SerializableCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.coders.VarLongCoder;
import org.apache.beam.sdk.metrics.MetricNameFilter;
import org.apache.beam.sdk.metrics.MetricResult;
import org.apache.beam.sdk.metrics.MetricsFilter;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.transforms.Combine;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.Flatten;
import org.apache.beam.sdk.transforms.windowing.FixedWindows;
import org.apache.beam.sdk.transforms.windowing.Window;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionList;
import org.joda.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * The fold in bundles gives what {@code Combine.globally/perKey} of the same fn gives, over several
 * bundles and keys and for no input, and the merge sees accumulators, not inputs.
 */
class CombineInBundlesTest {
  private static Pipeline pipeline() {
    return Pipeline.create(PipelineOptionsFactory.fromArgs("--runner=DirectRunner").create());
  }

  /** 1..n in three Creates flattened: at least three bundles on the DirectRunner. */
  private static PCollection<Long> numbers(Pipeline p, String name, long n) {
    List<PCollection<Long>> parts = new ArrayList<>();
    for (long part = 0; part < 3; part++) {
      List<Long> values = new ArrayList<>();
      for (long v = 1 + part; v <= n; v += 3) {
        values.add(v);
      }
      parts.add(p.apply(name + part, Create.of(values).withCoder(VarLongCoder.of())));
    }
    return PCollectionList.of(parts).apply(name + "All", Flatten.pCollections());
  }

  private static PCollection<KV<String, Long>> keyed(PCollection<Long> numbers, String name) {
    return numbers.apply(name, org.apache.beam.sdk.transforms.MapElements
            .into(org.apache.beam.sdk.values.TypeDescriptors.kvs(
                org.apache.beam.sdk.values.TypeDescriptors.strings(), org.apache.beam.sdk.values.TypeDescriptors.longs()))
            .via((Long v) -> KV.of("k" + (v % 5), v)))
        .setCoder(KvCoder.of(StringUtf8Coder.of(), VarLongCoder.of()));
  }

  private static long accumulators(PipelineResult result) {
    long total = 0;
    for (MetricResult<Long> c : result.metrics().queryMetrics(MetricsFilter.builder()
        .addNameFilter(MetricNameFilter.named(CombineInBundles.class, "accumulators")).build()).getCounters()) {
      total += c.getAttempted();
    }
    return total;
  }

  @Test
  void aGlobalCombineOverSeveralBundlesEqualsCombineGlobally() {
    Pipeline p = pipeline();
    PCollection<Long> numbers = numbers(p, "Numbers", 300);
    PCollection<String> folded = numbers.apply("InBundles", CombineInBundles.globally(new Summary()));
    PCollection<String> plain = numbers.apply("Plain", Combine.globally(new Summary()));
    PAssert.thatSingleton(folded).isEqualTo("n=300 sum=45150 distinct=300");
    PAssert.thatSingleton(plain).isEqualTo("n=300 sum=45150 distinct=300");
    PipelineResult result = p.run();
    result.waitUntilFinish();
    long accumulators = accumulators(result);
    // one per bundle: more than one (three Creates), far fewer than the 300 inputs
    assertTrue(accumulators >= 3 && accumulators < 300, "accumulators: " + accumulators);
  }

  @Test
  void aFanoutGivesTheSameResult() {
    Pipeline p = pipeline();
    PAssert.thatSingleton(numbers(p, "Numbers", 90).apply(CombineInBundles.globally(new Summary()).withFanout(3)))
        .isEqualTo("n=90 sum=4095 distinct=90");
    p.run().waitUntilFinish();
  }

  @Test
  void aPerKeyCombineOverSeveralKeysAndBundlesEqualsCombinePerKey() {
    Pipeline p = pipeline();
    PCollection<KV<String, Long>> keyed = keyed(numbers(p, "Numbers", 100), "Key");
    List<KV<String, String>> expected = List.of(
        KV.of("k0", "n=20 sum=1050 distinct=20"), KV.of("k1", "n=20 sum=970 distinct=20"),
        KV.of("k2", "n=20 sum=990 distinct=20"), KV.of("k3", "n=20 sum=1010 distinct=20"),
        KV.of("k4", "n=20 sum=1030 distinct=20"));
    PAssert.that(keyed.apply("InBundles", CombineInBundles.perKey(new Summary()))).containsInAnyOrder(expected);
    PAssert.that(keyed.apply("OneKeyHeld", CombineInBundles.<String, Long, Acc, String>perKey(new Summary())
        .withMaxKeysPerBundle(1).withHotKeyFanout(2))).containsInAnyOrder(expected);
    PAssert.that(keyed.apply("Plain", Combine.perKey(new Summary()))).containsInAnyOrder(expected);
    PipelineResult result = p.run();
    result.waitUntilFinish();
    // InBundles: at most 5 keys per bundle; OneKeyHeld: one accumulator per run of equal keys (the
    // keys alternate, so close to one per input): together more than 100, far fewer than 200.
    long accumulators = accumulators(result);
    assertTrue(accumulators > 100 && accumulators < 200, "accumulators: " + accumulators);
  }

  @Test
  void anEmptyInputGivesTheDefaultOrNothing() {
    Pipeline p = pipeline();
    PCollection<Long> none = p.apply(Create.empty(VarLongCoder.of()));
    PAssert.thatSingleton(none.apply("WithDefault", CombineInBundles.globally(new Summary())))
        .isEqualTo("n=0 sum=0 distinct=0");
    PAssert.that(none.apply("WithoutDefaults", CombineInBundles.globally(new Summary()).withoutDefaults())).empty();
    PAssert.that(keyed(none, "Key").apply("PerKey", CombineInBundles.perKey(new Summary()))).empty();
    PipelineResult result = p.run();
    result.waitUntilFinish();
    assertEquals(0, accumulators(result));
  }

  @Test
  void windowedInputIsRefusedAtExpansion() {
    Pipeline p = pipeline();
    PCollection<Long> windowed = numbers(p, "Numbers", 3).apply(Window.into(FixedWindows.of(Duration.standardMinutes(1))));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> windowed.apply(CombineInBundles.globally(new Summary())));
    assertTrue(e.getMessage().contains("global window"), e.getMessage());
  }

  /** Count, sum and distinct values: exact, so any grouping into accumulators gives the same output. */
  static final class Acc implements java.io.Serializable {
    long count;
    long sum;
    TreeSet<Long> distinct = new TreeSet<>();

    // by value, so the DirectRunner's mutation checks can compare encodings
    @Override
    public boolean equals(Object o) {
      return o instanceof Acc a && a.count == count && a.sum == sum && a.distinct.equals(distinct);
    }

    @Override
    public int hashCode() {
      return Long.hashCode(sum);
    }
  }

  static final class Summary extends Combine.CombineFn<Long, Acc, String> {
    @Override
    public Acc createAccumulator() {
      return new Acc();
    }

    @Override
    public Acc addInput(Acc acc, Long input) {
      acc.count++;
      acc.sum += input;
      acc.distinct.add(input);
      return acc;
    }

    @Override
    public Acc mergeAccumulators(Iterable<Acc> accs) {
      Acc merged = new Acc();
      for (Acc a : accs) {
        merged.count += a.count;
        merged.sum += a.sum;
        merged.distinct.addAll(a.distinct);
      }
      return merged;
    }

    @Override
    public String extractOutput(Acc acc) {
      return "n=" + acc.count + " sum=" + acc.sum + " distinct=" + acc.distinct.size();
    }

    @Override
    public Coder<Acc> getAccumulatorCoder(CoderRegistry registry, Coder<Long> inputCoder) {
      return SerializableCoder.of(Acc.class);
    }

    @Override
    public Coder<String> getDefaultOutputCoder(CoderRegistry registry, Coder<Long> inputCoder) {
      return StringUtf8Coder.of();
    }
  }
}
