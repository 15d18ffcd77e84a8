package dev.kiln.core.artifact;

import dev.kiln.core.io.tfrecord.TfExampleCodec;
import java.io.IOException;
import java.nio.channels.WritableByteChannel;
import org.apache.beam.sdk.io.FileIO;
import org.apache.beam.sdk.io.TFRecordIO;
import org.apache.beam.sdk.schemas.Schema;
import org.apache.beam.sdk.values.Row;

/** Writes Rows as serialized tf.train.Example records in TFRecord framing (Beam's TFRecord sink). */
final class TfRecordRowSink implements FileIO.Sink<Row> {
  private static final long serialVersionUID = 1L;

  private final Schema schema;
  private final TFRecordIO.Sink records = TFRecordIO.sink();
  private transient TfExampleCodec codec;

  TfRecordRowSink(Schema schema) {
    this.schema = schema;
  }

  @Override
  public void open(WritableByteChannel channel) throws IOException {
    codec = TfExampleCodec.of(schema);
    records.open(channel);
  }

  @Override
  public void write(Row row) throws IOException {
    records.write(codec.encode(row));
  }

  @Override
  public void flush() throws IOException {
    records.flush();
  }
}
