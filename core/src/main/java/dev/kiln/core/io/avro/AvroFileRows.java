package dev.kiln.core.io.avro;

import java.io.IOException;
import java.io.InputStream;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.nio.channels.Channels;
import java.nio.channels.ReadableByteChannel;
import java.util.function.Consumer;
import org.apache.avro.file.DataFileStream;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericRecord;
import org.apache.beam.sdk.io.FileIO;
import org.apache.beam.sdk.schemas.Schema;
import org.apache.beam.sdk.values.Row;

/**
 * The records of whole Avro data files handed to a consumer as Rows of one schema, inside a DoFn:
 * for steps that fold a stored dataset while reading it instead of making every record a pipeline
 * element. The Rows are those {@link AvroRowConverter} gives (equal to Beam's
 * {@code toBeamRowStrict}), so a consumer sees exactly what a read of the files into Rows would give.
 * One Avro record object is reused for the whole file; each Row holds its own values.
 */
public final class AvroFileRows implements Serializable {
  private static final long serialVersionUID = 1L;

  private final AvroRowConverter converter;

  private AvroFileRows(Schema schema) {
    this.converter = AvroRowConverter.to(schema);
  }

  /** Reads files as Rows of {@code schema} (each file's fields are found by name). */
  public static AvroFileRows of(Schema schema) {
    return new AvroFileRows(schema);
  }

  /**
   * Passes every record of {@code file}, in file order, to {@code action}; returns the number of records.
   *
   * @throws UncheckedIOException naming the file when it cannot be read or is not an Avro data file
   * @throws IllegalArgumentException naming the file and the record (1-based) when a record does not
   *     fit the schema or {@code action} rejects it with an IllegalArgumentException
   */
  public long forEach(FileIO.ReadableFile file, Consumer<Row> action) {
    String path = file.getMetadata().resourceId().toString();
    try {
      return forEach(path, file.open(), action);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read Avro file " + path + ": " + e.getMessage(), e);
    }
  }

  /** As {@link #forEach(FileIO.ReadableFile, Consumer)}, for a file opened by its {@code path}; closes {@code channel}. */
  public long forEach(String path, ReadableByteChannel channel, Consumer<Row> action) {
    long record = 0;
    try (InputStream in = Channels.newInputStream(channel);
        DataFileStream<GenericRecord> stream = new DataFileStream<>(in, new GenericDatumReader<>())) {
      GenericRecord reuse = null;
      while (stream.hasNext()) {
        reuse = stream.next(reuse);
        record++;
        action.accept(converter.convert(reuse));
      }
      return record;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read Avro file " + path
          + (record == 0 ? "" : " after record " + record) + ": " + e.getMessage(), e);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(path + ", record " + record + ": " + e.getMessage(), e);
    }
  }
}
