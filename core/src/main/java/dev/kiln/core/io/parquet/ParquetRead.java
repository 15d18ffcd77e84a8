package dev.kiln.core.io.parquet;

import dev.kiln.core.io.ReadCounts;
import dev.kiln.core.io.RowSchemas;
import dev.kiln.core.io.SourceFiles;
import dev.kiln.core.io.SourceParts;
import dev.kiln.core.io.SourceFormatException;
import dev.kiln.core.io.SourceNote;
import dev.kiln.core.io.SourceRows;
import dev.kiln.core.io.avro.AvroRowConverter;
import dev.kiln.core.io.avro.AvroSchemas;
import dev.kiln.core.io.csv.CsvRead;
import java.io.IOException;
import java.util.List;
import java.util.Objects;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.beam.sdk.io.FileIO;
import org.apache.beam.sdk.io.FileSystems;
import org.apache.beam.sdk.io.fs.MatchResult;
import org.apache.beam.sdk.io.fs.MetadataCoderV2;
import org.apache.beam.sdk.schemas.Schema;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.values.PBegin;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.Row;
import org.apache.beam.sdk.values.TupleTagList;
import org.apache.parquet.avro.AvroParquetReader;
import org.apache.parquet.avro.AvroSchemaConverter;
import org.apache.parquet.conf.PlainParquetConfiguration;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.ParquetReader;
import org.apache.parquet.io.InputFile;

/**
 * Reads Parquet files (written by Spark, pandas, DuckDB, parquet-avro, ...) into Rows, through
 * parquet-avro and Beam FileSystems:
 *
 * <pre>{@code
 * SourceRows flights = pipeline.apply(ParquetRead.from("data/flights-*.parquet").withRequired(List.of("delay")));
 * }</pre>
 *
 * <p>The schema comes from the files' footers (the first file by name; every other file must have the
 * same columns), with every column nullable except the {@code required} ones. A record with no value
 * in a required column is rejected (file, record number, reason); beyond {@code maxRejectedShare}
 * the job fails. Each file is read whole by one worker, files in parallel.
 */
public final class ParquetRead extends PTransform<PBegin, SourceRows> {
  private static final long serialVersionUID = 1L;

  private final String pattern;
  private final List<String> required;
  private final double maxRejectedShare;

  private ParquetRead(String pattern, List<String> required, double maxRejectedShare) {
    this.pattern = Objects.requireNonNull(pattern, "pattern");
    this.required = List.copyOf(required);
    this.maxRejectedShare = maxRejectedShare;
  }

  public static ParquetRead from(String pattern) {
    return new ParquetRead(pattern, List.of(), 0.0);
  }

  /** Columns that must have a value. */
  public ParquetRead withRequired(List<String> columns) {
    return new ParquetRead(pattern, columns, maxRejectedShare);
  }

  public ParquetRead withMaxRejectedShare(double share) {
    if (!(share >= 0.0 && share <= 1.0)) {
      throw new IllegalArgumentException("maxRejectedShare must be within [0, 1], got " + share);
    }
    return new ParquetRead(pattern, required, share);
  }

  /** The Beam schema of the files {@code pattern} matches (reads only footers). */
  public Schema schema() {
    return schemaOf(SourceFiles.match(pattern, "Parquet"));
  }

  @Override
  public SourceRows expand(PBegin input) {
    FileSystems.registerFileSystemsOnce(input.getPipeline().getOptions());
    List<MatchResult.Metadata> files = SourceFiles.match(pattern, "Parquet");
    Schema schema = schemaOf(files);
    // one file per part: spread over the workers, or in waves on the DirectRunner (SourceParts)
    PCollection<MatchResult.Metadata> matched = input.apply("MatchedFiles", SourceParts.of(files, MetadataCoderV2.of()));
    PCollectionTuple parsed = matched
        .apply("OpenFiles", FileIO.readMatches())
        .apply("ReadRecords", ParDo.of(new ReadFileFn(schema))
            .withOutputTags(SourceRows.ROWS, TupleTagList.of(SourceRows.NOTES)));
    return SourceRows.of(parsed, schema, pattern, files.size() == 1, "record", maxRejectedShare);
  }

  private Schema schemaOf(List<MatchResult.Metadata> files) {
    Schema first = null;
    String firstName = null;
    for (MatchResult.Metadata file : files) {
      String name = file.resourceId().toString();
      Schema s = fileSchema(file);
      if (first == null) {
        first = s;
        firstName = name;
      } else if (!RowSchemas.sameColumns(first, s)) {
        throw new SourceFormatException("the Parquet files matching '" + pattern + "' have different columns: "
            + firstName + " has " + first.getFieldNames() + ", " + name + " has " + s.getFieldNames()
            + "; read them as separate sources or rewrite them with one schema");
      }
    }
    Schema.Builder b = Schema.builder();
    for (Schema.Field f : first.getFields()) {
      b.addField(f.withNullable(!required.contains(f.getName())));
    }
    for (String r : required) {
      if (!first.hasField(r)) {
        throw new SourceFormatException("required column '" + r + "' is not a column of " + firstName + ": "
            + first.getFieldNames());
      }
    }
    return b.build();
  }

  /** The columns of one file, from its footer. */
  private static Schema fileSchema(MatchResult.Metadata file) {
    String name = file.resourceId().toString();
    try (ParquetFileReader reader = ParquetFileReader.open(inputFile(file))) {
      org.apache.avro.Schema avro = new AvroSchemaConverter(new PlainParquetConfiguration())
          .convert(reader.getFooter().getFileMetaData().getSchema());
      return AvroSchemas.toBeam(avro);
    } catch (IOException | RuntimeException e) {
      throw new SourceFormatException(name + " is not a readable Parquet file: " + e.getMessage(), e);
    }
  }

  private static InputFile inputFile(MatchResult.Metadata file) {
    return new BeamInputFile(() -> {
      java.nio.channels.ReadableByteChannel c = FileSystems.open(file.resourceId());
      if (!(c instanceof java.nio.channels.SeekableByteChannel seekable)) {
        c.close();
        throw new IOException(file.resourceId() + ": its file system cannot seek, which Parquet needs");
      }
      return seekable;
    }, file.sizeBytes());
  }

  /** Reads one whole file: rows, records missing a required value, and the file's counts. */
  private static final class ReadFileFn extends DoFn<FileIO.ReadableFile, Row> {
    private static final long serialVersionUID = 1L;
    private final Schema schema;
    private transient AvroRowConverter converter;

    ReadFileFn(Schema schema) {
      this.schema = schema;
    }

    @ProcessElement
    public void process(@Element FileIO.ReadableFile file, MultiOutputReceiver out) throws IOException {
      if (converter == null) {
        converter = AvroRowConverter.to(nullableCopy(schema));
      }
      String name = file.getMetadata().resourceId().toString();
      long rows = 0;
      long rejected = 0;
      ReadCounts first = null;
      InputFile in = new BeamInputFile(file::openSeekable, file.getMetadata().sizeBytes());
      try (ParquetReader<GenericRecord> reader = AvroParquetReader.<GenericRecord>builder(in, new PlainParquetConfiguration())
          .withDataModel(GenericData.get()).build()) {
        for (GenericRecord record = reader.read(); record != null; record = reader.read()) {
          rows++;
          Row read = converter.convert(record);
          String missing = missingRequired(read);
          if (missing == null) {
            out.get(SourceRows.ROWS).output(Row.withSchema(schema).attachValues(read.getValues()));
            continue;
          }
          String reason = "column '" + missing + "' is required but has no value";
          rejected++;
          if (first == null) {
            first = ReadCounts.of(0, 1, name, rows, reason);
          }
          out.get(SourceRows.NOTES).output(SourceNote.rejected(name, rows, reason, String.valueOf(record)));
        }
      }
      out.get(SourceRows.NOTES).output(SourceNote.counted(first == null ? ReadCounts.of(rows)
          : ReadCounts.of(rows, rejected, name, first.firstLine(), first.firstReason())));
    }

    private String missingRequired(Row row) {
      for (int i = 0; i < schema.getFieldCount(); i++) {
        if (row.getValue(i) == null && !schema.getField(i).getType().getNullable()) {
          return schema.getField(i).getName();
        }
      }
      return null;
    }

    /** The schema with every column nullable: records are read first, then checked for required values. */
    private static Schema nullableCopy(Schema schema) {
      Schema.Builder b = Schema.builder();
      for (Schema.Field f : schema.getFields()) {
        b.addField(f.withNullable(true));
      }
      return b.build();
    }
  }
}
