package dev.kiln.core.artifact;

import dev.kiln.core.io.tfrecord.Float32Loss;
import dev.kiln.core.io.tfrecord.TfExampleCodec;
import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.metrics.Metrics;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.values.Row;

/** Row to TFRecord record (Avro rows go straight to {@link RowAvroSink}), counting records in the {@code kiln} metrics namespace as it goes. */
abstract class EncodeFn<T> extends DoFn<Row, T> {
  private final Counter records;

  EncodeFn(String counterName) {
    this.records = Metrics.counter("kiln", counterName);
  }

  abstract T encode(Row row);

  @ProcessElement
  public void process(@Element Row row, OutputReceiver<T> out) {
    out.output(encode(row));
    records.inc();
  }

  /** Row to serialized tf.train.Example. */
  static final class ToExample extends EncodeFn<byte[]> {
    private final TfExampleCodec codec;

    ToExample(TfExampleCodec codec, String counterName) {
      super(counterName);
      this.codec = codec;
    }

    @Override
    byte[] encode(Row row) {
      return codec.encode(row);
    }
  }

  /**
   * A row as TFRecord will store it (DOUBLEs rounded to float32, {@link TfExampleCodec#storedForm}),
   * counting each double that changes by more than {@link Float32Loss#RELATIVE_TOLERANCE} of itself in
   * the Beam counter {@code kiln.float32:<step>.<port>/<column>}, so the run warns once per column
   * with a count ({@link DatasetWriter#float32Losses}).
   */
  static final class AsStored extends DoFn<Row, Row> {
    /** The metrics namespace of the float32 precision-loss counters. */
    static final String FLOAT32_NAMESPACE = "kiln.float32";

    private final TfExampleCodec codec;
    private final Float32Loss loss;
    private final String label;

    AsStored(TfExampleCodec codec, String label) {
      this.codec = codec;
      this.loss = Float32Loss.of(codec.schema());
      this.label = label;
    }

    @ProcessElement
    public void process(@Element Row row, OutputReceiver<Row> out) {
      if (loss.hasDoubles()) {
        loss.check(row, column -> Metrics.counter(FLOAT32_NAMESPACE, label + "/" + column).inc());
      }
      out.output(codec.storedForm(row));
    }
  }
}
