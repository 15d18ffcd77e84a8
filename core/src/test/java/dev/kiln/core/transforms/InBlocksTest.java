package dev.kiln.core.transforms;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import java.util.stream.LongStream;
import org.apache.beam.runners.direct.DirectOptions;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.coders.VarLongCoder;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.Sum;
import org.apache.beam.sdk.transforms.View;
import org.apache.beam.sdk.transforms.windowing.FixedWindows;
import org.apache.beam.sdk.transforms.windowing.Window;
import org.apache.beam.sdk.values.PCollectionView;
import org.apache.beam.sdk.values.TimestampedValue;
import org.joda.time.Duration;
import org.joda.time.Instant;
import org.junit.jupiter.api.Test;

class InBlocksTest {
  /** What the DoFns below saw, per test, since DoFns are serialized copies. */
  private static final Map<String, List<List<Long>>> BLOCKS = new ConcurrentHashMap<>();

  private static Pipeline pipeline() {
    DirectOptions o = PipelineOptionsFactory.fromArgs("--runner=DirectRunner").as(DirectOptions.class);
    o.setTargetParallelism(2);
    return Pipeline.create(o);
  }

  @Test
  void givesEveryElementOnceInListsOfAtMostTheSize() {
    String key = "every";
    List<Long> input = LongStream.range(0, 2_500).boxed().toList();
    Pipeline p = pipeline();
    // a side input that is ready only after its own input is summed: the blocks wait for it
    PCollectionView<Long> total = p.apply("Numbers", Create.of(input)).apply(Sum.longsGlobally()).apply(View.asSingleton());
    p.apply("Rows", Create.of(input).withCoder(VarLongCoder.of()))
        .apply(InBlocks.of(100))
        .apply(ParDo.of(new RecordFn(key, total)).withSideInputs(total));
    p.run().waitUntilFinish();

    List<List<Long>> blocks = BLOCKS.get(key);
    assertTrue(blocks.stream().allMatch(b -> !b.isEmpty() && b.size() <= 100), "sizes " + sizes(blocks));
    assertTrue(blocks.stream().anyMatch(b -> b.size() == 100), "full lists where a bundle has enough: " + sizes(blocks));
    List<Long> all = new ArrayList<>();
    blocks.forEach(all::addAll);
    assertEquals(input, all.stream().sorted().toList(), "every element exactly once");
  }

  @Test
  void refusesElementsOutsideTheGlobalWindow() {
    Pipeline p = pipeline();
    p.apply(Create.timestamped(TimestampedValue.of(1L, new Instant(0)), TimestampedValue.of(2L, new Instant(1))))
        .apply(Window.into(FixedWindows.of(Duration.standardMinutes(1))))
        .apply(InBlocks.of(10));
    Pipeline.PipelineExecutionException e = assertThrows(Pipeline.PipelineExecutionException.class, () -> p.run().waitUntilFinish());
    assertTrue(String.valueOf(e.getCause().getMessage()).contains("InBlocks is for globally windowed collections"), e.getMessage());
  }

  @Test
  void aBlockHoldsAtLeastOneElement() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> InBlocks.of(0));
    assertEquals("a block holds at least one element, not 0", e.getMessage());
  }

  private static String sizes(List<List<Long>> blocks) {
    return blocks.stream().map(b -> String.valueOf(b.size())).collect(Collectors.joining(","));
  }

  private static final class RecordFn extends DoFn<List<Long>, Void> {
    private final String key;
    private final PCollectionView<Long> total;

    RecordFn(String key, PCollectionView<Long> total) {
      this.key = key;
      this.total = total;
    }

    @ProcessElement
    public void process(ProcessContext c) {
      assertEquals(2_500L * 2_499 / 2, c.sideInput(total));
      BLOCKS.computeIfAbsent(key, k -> java.util.Collections.synchronizedList(new ArrayList<>())).add(List.copyOf(c.element()));
    }
  }
}
