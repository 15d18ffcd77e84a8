package dev.kiln.ml.stats;

import dev.kiln.core.io.tfrecord.TfExampleCodec;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPInputStream;
import org.apache.beam.sdk.schemas.Schema;
import org.apache.beam.sdk.values.Row;

/** The rows of gzip TFRecord files in file order, read in plain Java (framing only; CRCs are not checked). */
final class TfRecordRows {
  private TfRecordRows() {}

  static List<Row> read(List<Path> files, Schema schema) {
    TfExampleCodec codec = TfExampleCodec.of(schema);
    List<Row> rows = new ArrayList<>();
    for (Path file : files) {
      try (DataInputStream in = new DataInputStream(new GZIPInputStream(Files.newInputStream(file)))) {
        while (true) {
          long length;
          try {
            length = Long.reverseBytes(in.readLong());
          } catch (EOFException end) {
            break;
          }
          in.readInt(); // masked CRC of the length
          byte[] data = new byte[Math.toIntExact(length)];
          in.readFully(data);
          in.readInt(); // masked CRC of the data
          rows.add(codec.decode(data));
        }
      } catch (IOException e) {
        throw new IllegalStateException("cannot read " + file, e);
      }
    }
    return rows;
  }

}
