package dev.kiln.core.io.tfrecord;

import dev.kiln.core.io.RowSchemas;
import dev.kiln.core.artifact.FileSystemSetup;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.ReadableByteChannel;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.Consumer;
import org.apache.beam.sdk.io.Compression;
import org.apache.beam.sdk.io.FileIO;
import org.apache.beam.sdk.io.FileSystems;
import org.apache.beam.sdk.io.fs.EmptyMatchTreatment;
import org.apache.beam.sdk.io.fs.MatchResult;
import org.apache.beam.sdk.schemas.Schema;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.values.PBegin;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.Row;

/**
 * External TFRecord files of {@code tf.train.Example}s (for example written by TensorFlow), plain or
 * gzip-compressed; compression is detected from each file's content.
 */
public final class TfRecordFiles {
  /** How many Examples {@link #schemaOf(String)} looks at. */
  public static final int SCHEMA_SAMPLE_SIZE = 1000;

  private TfRecordFiles() {}

  /**
   * Infers the schema of the Examples in the files matching {@code pattern} from the first {@link
   * #SCHEMA_SAMPLE_SIZE} records (files in name order); see {@link TfExampleCodec#inferSchema}.
   *
   * @throws IllegalArgumentException if nothing matches, a file is not TFRecord, or it holds no records
   */
  public static Schema schemaOf(String pattern) {
    List<byte[]> sample = new ArrayList<>();
    for (MatchResult.Metadata file : match(pattern)) {
      String name = file.resourceId().toString();
      try (TfRecordReader reader = TfRecordReader.open(FileSystems.open(file.resourceId()), name)) {
        for (byte[] r = reader.next(); r != null && sample.size() < SCHEMA_SAMPLE_SIZE; r = reader.next()) {
          sample.add(r);
        }
      } catch (IOException e) {
        throw new IllegalArgumentException("cannot read TFRecord file " + name + ": " + e.getMessage(), e);
      }
      if (sample.size() >= SCHEMA_SAMPLE_SIZE) {
        break;
      }
    }
    if (sample.isEmpty()) {
      throw new IllegalArgumentException("the TFRecord files matching " + pattern + " hold no records");
    }
    try {
      return TfExampleCodec.inferSchema(sample);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("TFRecord files " + pattern + ": " + e.getMessage(), e);
    }
  }

  private static List<MatchResult.Metadata> match(String pattern) {
    FileSystemSetup.ensureFor(pattern);
    List<MatchResult.Metadata> files;
    try {
      MatchResult result = FileSystems.match(pattern, EmptyMatchTreatment.ALLOW);
      files = new ArrayList<>(result.metadata());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list " + pattern, e);
    }
    if (files.isEmpty()) {
      throw new IllegalArgumentException("no TFRecord files match " + pattern);
    }
    files.sort(Comparator.comparing(m -> m.resourceId().toString()));
    return files;
  }

  /** Reads the files matching {@code pattern}, with the schema inferred by {@link #schemaOf(String)}. */
  public static Read read(String pattern) {
    return new Read(pattern, schemaOf(pattern));
  }

  /** Reads the files matching {@code pattern} as rows of {@code schema}. */
  public static Read read(String pattern, Schema schema) {
    TfExampleCodec.of(schema); // fail now, not on a worker, if the schema cannot be held
    return new Read(pattern, schema);
  }

  /** The transform returned by {@link #read}: files to rows. */
  public static final class Read extends PTransform<PBegin, PCollection<Row>> {
    private final String pattern;
    private final Schema schema;

    private Read(String pattern, Schema schema) {
      this.pattern = pattern;
      this.schema = schema;
    }

    public Schema schema() {
      return schema;
    }

    @Override
    public PCollection<Row> expand(PBegin input) {
      return RowSchemas.setOn(input
          .apply("Match", FileIO.match().filepattern(pattern).withEmptyMatchTreatment(EmptyMatchTreatment.DISALLOW))
          // UNCOMPRESSED: hand the raw bytes to the reader, which detects gzip from the content.
          .apply("Open", FileIO.readMatches().withCompression(Compression.UNCOMPRESSED))
          .apply("Decode", ParDo.of(new ReadExamplesFn(TfExampleCodec.of(schema)))), schema);
    }
  }

  /**
   * Decodes every record of one file (gzip or plain, detected from the content) with {@code codec}
   * and passes it to {@code action}; closes {@code channel}; returns the number of records.
   *
   * @throws IllegalArgumentException naming the file and the record when a record does not decode
   */
  public static long forEachRow(String name, ReadableByteChannel channel, TfExampleCodec codec, Consumer<Row> action)
      throws IOException {
    long records = 0;
    try (TfRecordReader reader = TfRecordReader.open(channel, name)) {
      for (byte[] r = reader.next(); r != null; r = reader.next()) {
        Row row;
        try {
          row = codec.decode(r);
        } catch (IllegalArgumentException e) {
          throw new IllegalArgumentException(
              name + ": record " + reader.lastRecordIndex() + ": " + e.getMessage(), e);
        }
        records++;
        action.accept(row);
      }
    }
    return records;
  }

  /** Reads every record of a file; errors name the file and the record. */
  private static final class ReadExamplesFn extends DoFn<FileIO.ReadableFile, Row> {
    private final TfExampleCodec codec;

    ReadExamplesFn(TfExampleCodec codec) {
      this.codec = codec;
    }

    @ProcessElement
    public void process(@Element FileIO.ReadableFile file, OutputReceiver<Row> out) throws IOException {
      forEachRow(file.getMetadata().resourceId().toString(), file.open(), codec, out::output);
    }
  }
}
