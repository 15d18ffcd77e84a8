package dev.kiln.ml;

import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.Impulse;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.SerializableFunction;
import org.apache.beam.sdk.transforms.View;
import org.apache.beam.sdk.values.PCollectionView;

/**
 * Turns a singleton side input of a typed document (a TransformGraph, a model) into a singleton side
 * input of its canonical JSON. Kiln's transforms read documents from JSON views inside (the form in
 * which steps pass committed documents to each other, and which a DoFn can compare cheaply to know it
 * already parsed it); their public factories take typed views and convert them here, once per job.
 */
public final class DocumentViews {
  private DocumentViews() {}

  /**
   * @param name a name unique in the enclosing transform (the transforms added are named after it)
   * @param toJson the document's canonical JSON
   */
  public static <T> PCollectionView<String> json(Pipeline pipeline, String name, PCollectionView<T> view,
      SerializableFunction<T, String> toJson) {
    return pipeline
        .apply(name + " impulse", Impulse.create())
        .apply(name + " as JSON", ParDo.of(new ToJsonFn<>(view, toJson)).withSideInputs(view))
        .setCoder(StringUtf8Coder.of())
        .apply(name + " JSON view", View.asSingleton());
  }

  private static final class ToJsonFn<T> extends DoFn<byte[], String> {
    private final PCollectionView<T> view;
    private final SerializableFunction<T, String> toJson;

    ToJsonFn(PCollectionView<T> view, SerializableFunction<T, String> toJson) {
      this.view = view;
      this.toJson = toJson;
    }

    @ProcessElement
    public void process(ProcessContext c) {
      c.output(toJson.apply(c.sideInput(view)));
    }
  }
}
