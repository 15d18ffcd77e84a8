package dev.kiln.core.io.avro;

import dev.kiln.core.io.RowSchemas;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.channels.Channels;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import org.apache.avro.file.DataFileStream;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericRecord;
import org.apache.beam.sdk.extensions.avro.io.AvroIO;
import org.apache.beam.sdk.io.FileIO;
import org.apache.beam.sdk.io.FileSystems;
import org.apache.beam.sdk.io.fs.EmptyMatchTreatment;
import org.apache.beam.sdk.io.fs.MatchResult;
import org.apache.beam.sdk.schemas.Schema;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.SerializableFunction;
import org.apache.beam.sdk.values.PBegin;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.Row;

/**
 * Avro data files written by other tools (Python's {@code avro}, Spark, ...) as Beam Rows.
 *
 * <p>The schema comes from the files' writer schema: union {@code [T, "null"]} (either order)
 * becomes a nullable field; a field with a {@value AvroSchemas#NAME_PROPERTY} property (written by
 * Kiln for a column whose name Avro does not take) gets that name back. Writer schemas are parsed without Avro's name validation, and named
 * types get valid names ({@link AvroNames}), so files such as the TFX taxi data, whose record is
 * named "Chicago Taxi dataset", are read. Every file of one pattern must have the same schema
 * (compared as Beam schemas); otherwise {@link #schemaOf} and {@link #read} fail, naming both
 * files and the first difference.
 */
public final class AvroFiles {
  private AvroFiles() {}

  /**
   * The Beam schema of the files {@code pattern} matches (a path or glob, through Beam
   * FileSystems). Reads only the file headers.
   *
   * @throws IllegalArgumentException when nothing matches, a file is not Avro, or schemas differ
   */
  public static Schema schemaOf(String pattern) {
    return AvroSchemas.toBeam(avroSchemaOf(pattern));
  }

  /**
   * The writer schema of the first matched file (by name), with valid type names, after
   * checking that every matched file has the same schema.
   */
  public static org.apache.avro.Schema avroSchemaOf(String pattern) {
    List<MatchResult.Metadata> files = match(pattern);
    org.apache.avro.Schema first = writerSchema(files.get(0));
    Schema firstBeam = AvroSchemas.toBeam(first);
    for (MatchResult.Metadata file : files.subList(1, files.size())) {
      Schema other = AvroSchemas.toBeam(writerSchema(file));
      if (!RowSchemas.sameColumns(firstBeam, other)) {
        throw new IllegalArgumentException(
            "the Avro files matching '" + pattern + "' have different schemas: "
                + SchemaDifference.describe(files.get(0).resourceId().toString(), firstBeam,
                    file.resourceId().toString(), other)
                + "; read them as separate sources or rewrite them with one schema");
      }
    }
    return first;
  }

  /** Reads the files {@code pattern} matches as Rows of {@link #schemaOf}{@code (pattern)}. */
  public static Read read(String pattern) {
    return new Read(pattern);
  }

  /** Reads Avro files as Rows; large files are split and read in parallel. */
  public static final class Read extends PTransform<PBegin, PCollection<Row>> {
    private static final long serialVersionUID = 1L;

    private final String pattern;

    private Read(String pattern) {
      this.pattern = Objects.requireNonNull(pattern, "pattern");
    }

    public String pattern() {
      return pattern;
    }

    /** Checks the files and their schema now, at expansion, so that errors come before any job. */
    @Override
    public PCollection<Row> expand(PBegin input) {
      FileSystems.registerFileSystemsOnce(input.getPipeline().getOptions());
      Schema schema = schemaOf(pattern);
      // Files are split into ranges of about 64 MB, each read by a plain DoFn call: parallel on
      // big files, and no per-100-records checkpoints as a splittable read has on the DirectRunner.
      return input
          .apply("MatchFiles", FileIO.match().filepattern(pattern))
          .apply("OpenFiles", FileIO.readMatches())
          .apply("ReadAvro", AvroIO.parseFilesGenericRecords(new ToRow(schema, pattern)).withCoder(RowSchemas.coder(schema)));
    }
  }

  /** One record to a Row, checking that its file has the schema found at expansion. */
  private static final class ToRow implements SerializableFunction<GenericRecord, Row> {
    private static final long serialVersionUID = 1L;

    private final String pattern;
    private final AvroRowConverter converter;
    /** The last writer schema seen and checked; records of one file share one instance. */
    private transient org.apache.avro.Schema checked;

    ToRow(Schema schema, String pattern) {
      this.pattern = pattern;
      this.converter = AvroRowConverter.to(schema);
    }

    @Override
    public Row apply(GenericRecord record) {
      org.apache.avro.Schema writer = record.getSchema();
      if (writer != checked) {
        Schema schema = converter.schema();
        Schema other = AvroSchemas.toBeam(AvroNames.sanitize(writer));
        if (!RowSchemas.sameColumns(schema, other)) {
          // A file changed between expansion and this read.
          throw new IllegalStateException(
              "an Avro file matching '" + pattern + "' changed its schema after the job was built: "
                  + SchemaDifference.describe("the schema found then", schema, "the file read now", other));
        }
        checked = writer;
      }
      return converter.convert(record);
    }
  }


  private static List<MatchResult.Metadata> match(String pattern) {
    MatchResult result;
    List<MatchResult.Metadata> files = new ArrayList<>();
    try {
      result = FileSystems.match(pattern, EmptyMatchTreatment.ALLOW);
      if (result.status() == MatchResult.Status.OK) {
        for (MatchResult.Metadata m : result.metadata()) {
          if (!m.resourceId().isDirectory()) {
            files.add(m);
          }
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list files matching '" + pattern + "': " + e.getMessage(), e);
    }
    if (files.isEmpty()) {
      throw new IllegalArgumentException("no Avro file matches '" + pattern + "'");
    }
    files.sort(Comparator.comparing(m -> m.resourceId().toString()));
    return files;
  }

  /** The file's writer schema with valid names; reads only the header. */
  private static org.apache.avro.Schema writerSchema(MatchResult.Metadata file) {
    try (InputStream in = Channels.newInputStream(FileSystems.open(file.resourceId()));
        // DataFileStream parses the embedded schema without name validation.
        DataFileStream<GenericRecord> stream = new DataFileStream<>(in, new GenericDatumReader<>())) {
      return AvroNames.sanitize(stream.getSchema());
    } catch (IOException e) {
      throw new IllegalArgumentException(
          file.resourceId() + " is not a readable Avro data file: " + e.getMessage(), e);
    }
  }
}
