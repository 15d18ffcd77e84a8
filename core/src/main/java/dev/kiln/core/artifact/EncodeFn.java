package dev.kiln.core.artifact;

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
}
