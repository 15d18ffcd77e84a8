package dev.kiln.core.transforms;

import java.util.ArrayList;
import java.util.List;
import org.apache.beam.sdk.coders.Coder;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.ListCoder;
import org.apache.beam.sdk.coders.NullableCoder;
import org.apache.beam.sdk.coders.VarIntCoder;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.Flatten;
import org.apache.beam.sdk.transforms.GroupByKey;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionList;

/**
 * Every element of a small, bounded {@code PCollection} as one list, emitted exactly once when the
 * input — and every {@link #after gate} — is complete; an empty input gives an empty list. It is the
 * "wait, then act once" that a ParDo reading a singleton side input is often used for, without the
 * side input.
 *
 * <p>Why: a ParDo whose main input arrives before its side input is ready (a commit started by a
 * {@code Create}, a step's rows waiting for a model) is, on the DirectRunner, pushed back and run again
 * each time the runner goes idle, and every such run translates the ParDo to its proto form again
 * (the DoFn serialized and read back): the taxi demo spent most of its runner time on ~1,200 of those
 * retries (docs/benchmarks.md). A GroupByKey instead fires once, when the watermark of its input has
 * passed. Here the input's elements and one marker (so that an empty input still gives a group) are
 * grouped under one key; gates join the group with no elements, so they only hold the watermark back.
 *
 * <p>For small inputs only (documents, a count, a list of files): the elements are held in one group.
 * Elements must not be null.
 *
 * <p>Example of use: commit a document once it and the step's gates are done.
 *
 * <pre>{@code
 * PCollection<List<String>> texts = document.json().apply("Gather", AllElements.<String>of().after(gates));
 * texts.apply("Commit", ParDo.of(new CommitFn(...)));   // one element: the list of every document text
 * }</pre>
 */
public final class AllElements<T> extends PTransform<PCollection<T>, PCollection<List<T>>> {
  private static final int KEY = 0;
  private final List<PCollection<?>> gates;

  private AllElements(List<PCollection<?>> gates) {
    this.gates = List.copyOf(gates);
  }

  public static <T> AllElements<T> of() {
    return new AllElements<>(List.of());
  }

  /** A copy that also waits until each of {@code gates} is complete (their elements are not collected). */
  public AllElements<T> after(List<? extends PCollection<?>> more) {
    List<PCollection<?>> all = new ArrayList<>(gates);
    all.addAll(more);
    return new AllElements<>(all);
  }

  @Override
  public PCollection<List<T>> expand(PCollection<T> input) {
    Coder<T> coder = input.getCoder();
    KvCoder<Integer, T> tagged = KvCoder.of(VarIntCoder.of(), NullableCoder.of(coder));
    List<PCollection<KV<Integer, T>>> parts = new ArrayList<>();
    // The marker (a null value): one per group, so that an empty input still gives one (empty) list.
    parts.add(input.getPipeline().apply("Marker", Create.of(KV.of(KEY, (T) null)).withCoder(tagged)));
    parts.add(input.apply("Key", ParDo.of(new KeyFn<T>())).setCoder(tagged));
    for (int i = 0; i < gates.size(); i++) {
      parts.add(gate("Gate " + i, gates.get(i), tagged));
    }
    return PCollectionList.of(parts)
        .apply("Flatten", Flatten.pCollections())
        .apply("Group", GroupByKey.create())
        .apply("Collect", ParDo.of(new CollectFn<T>()))
        .setCoder(ListCoder.of(coder));
  }

  private static <G, T> PCollection<KV<Integer, T>> gate(String name, PCollection<G> gate, KvCoder<Integer, T> coder) {
    return gate.apply(name, ParDo.of(new NothingFn<G, T>())).setCoder(coder);
  }

  private static final class KeyFn<T> extends DoFn<T, KV<Integer, T>> {
    @ProcessElement
    public void process(@Element T element, OutputReceiver<KV<Integer, T>> out) {
      out.output(KV.of(KEY, element));
    }
  }

  /** A gate's elements are not wanted, only its completion (its watermark holds the group back). */
  private static final class NothingFn<G, T> extends DoFn<G, KV<Integer, T>> {
    @ProcessElement
    public void process() {}
  }

  private static final class CollectFn<T> extends DoFn<KV<Integer, Iterable<T>>, List<T>> {
    @ProcessElement
    public void process(@Element KV<Integer, Iterable<T>> group, OutputReceiver<List<T>> out) {
      List<T> elements = new ArrayList<>();
      int markers = 0;
      for (T t : group.getValue()) {
        if (t == null) {
          markers++;
        } else {
          elements.add(t);
        }
      }
      if (markers != 1) {
        // Only the marker is null: a second null is a null element, which this transform does not take.
        throw new IllegalStateException("AllElements: the input held " + (markers - 1) + " null element(s)");
      }
      out.output(elements);
    }
  }
}
