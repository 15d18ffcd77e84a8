package dev.kiln.core.artifact;

import java.io.IOException;
import java.nio.channels.Channels;
import java.nio.channels.WritableByteChannel;
import org.apache.avro.file.CodecFactory;
import org.apache.avro.file.DataFileWriter;
import org.apache.beam.sdk.io.FileIO;
import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.metrics.Metrics;
import org.apache.beam.sdk.schemas.Schema;
import org.apache.beam.sdk.values.Row;

/**
 * Writes Rows to an Avro container file (snappy, as Beam's AvroIO) through {@link RowDatumWriter},
 * counting them in the {@code kiln} metrics namespace (unless given no counter name). Rows go straight from the step that made
 * them to the file: no conversion step, no {@code GenericRecord} in between.
 */
final class RowAvroSink implements FileIO.Sink<Row> {
  private static final long serialVersionUID = 1L;

  private final Schema schema;
  // Kept as JSON: Avro's Schema is not serializable; it is parsed once per file.
  private final String avroSchemaJson;
  private final Counter records; // null: the caller counts (once a bundle, not once a row)
  private transient DataFileWriter<Row> writer;

  RowAvroSink(Schema schema, String avroSchemaJson, String counterName) {
    this.schema = schema;
    this.avroSchemaJson = avroSchemaJson;
    this.records = counterName == null ? null : Metrics.counter("kiln", counterName);
  }

  @Override
  public void open(WritableByteChannel channel) throws IOException {
    org.apache.avro.Schema avroSchema = new org.apache.avro.Schema.Parser().parse(avroSchemaJson);
    writer = new DataFileWriter<>(new RowDatumWriter(schema, avroSchema))
        .setCodec(CodecFactory.snappyCodec())
        .create(avroSchema, Channels.newOutputStream(channel));
  }

  @Override
  public void write(Row row) throws IOException {
    writer.append(row);
    if (records != null) {
      records.inc();
    }
  }

  @Override
  public void flush() throws IOException {
    writer.flush();
  }
}
