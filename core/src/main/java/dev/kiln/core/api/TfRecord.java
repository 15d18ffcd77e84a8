package dev.kiln.core.api;

import java.util.Map;

/**
 * The {@code tfrecord} source step: TFRecord files of tf.train.Example, gzip or plain. Its one setting, {@code path}, is given to {@link #read}.
 *
 * <p>Example of use:
 *
 * <pre>{@code
 * DatasetOutputs rows = pipeline.add("rows", TfRecord.read("data/part-*"));
 * }</pre>
 */
public final class TfRecord extends KilnStep<TfRecord, DatasetOutputs> {
  private TfRecord(State state) {
    super(state);
  }

  /** Reads {@code path}: a file or glob, relative to the project folder. */
  public static TfRecord read(String path) {
    return new TfRecord(State.of("tfrecord", Map.of()).set("path", path));
  }

  @Override
  protected TfRecord with(State next) {
    return new TfRecord(next);
  }

  @Override
  protected DatasetOutputs outputs(String stepName) {
    return new DatasetOutputs(stepName);
  }
}
