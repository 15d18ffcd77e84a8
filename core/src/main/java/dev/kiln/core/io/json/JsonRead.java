package dev.kiln.core.io.json;

import dev.kiln.core.io.ReadCounts;
import dev.kiln.core.io.SourceFiles;
import dev.kiln.core.io.SourceParts;
import dev.kiln.core.io.SourceFormatException;
import dev.kiln.core.io.SourceNote;
import dev.kiln.core.io.SourceRows;
import dev.kiln.core.io.csv.CsvRead;
import java.io.IOException;
import java.nio.channels.Channels;
import java.util.List;
import java.util.Objects;
import org.apache.beam.sdk.io.Compression;
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

/**
 * Reads JSON files (JSON Lines, or a JSON array of objects; gzip and other compressions by file
 * name) into Rows, as {@link CsvRead} reads CSV:
 *
 * <pre>{@code
 * SourceRows json = pipeline.apply(JsonRead.from("data/*.jsonl").withSampleRows(1000));
 * json.rows();      // PCollection<Row>
 * json.rejected();  // file, line, reason, text of every rejected record
 * }</pre>
 *
 * <p>At expansion the pattern is matched and the schema is declared ({@link #withSchema}) or
 * inferred from a sample ({@link JsonSchemaInference}). While the job runs each file is read whole by
 * one worker, files in parallel. A record is rejected when it is not an object (or, in JSON Lines,
 * not valid JSON), has a key that is not a column, a value that does not fit its column, or no value
 * in a required column.
 */
public final class JsonRead extends PTransform<PBegin, SourceRows> {
  private static final long serialVersionUID = 1L;

  /** Default number of records read to infer the schema. */
  public static final int DEFAULT_SAMPLE_ROWS = 10_000;

  private final String pattern;
  private final Schema schema;
  private final List<String> required;
  private final double maxRejectedShare;
  private final int sampleRows;

  private JsonRead(String pattern, Schema schema, List<String> required, double maxRejectedShare, int sampleRows) {
    this.pattern = Objects.requireNonNull(pattern, "pattern");
    this.schema = schema;
    this.required = List.copyOf(required);
    this.maxRejectedShare = maxRejectedShare;
    this.sampleRows = sampleRows;
  }

  /** Reads the files {@code pattern} matches, inferring the schema; no rejected record is allowed. */
  public static JsonRead from(String pattern) {
    return new JsonRead(pattern, null, List.of(), 0.0, DEFAULT_SAMPLE_ROWS);
  }

  /** Declares the columns (long, double, string, boolean fields; a non-nullable one is required). */
  public JsonRead withSchema(Schema schema) {
    return new JsonRead(pattern, Objects.requireNonNull(schema), required, maxRejectedShare, sampleRows);
  }

  /** Columns that must have a value, for an inferred schema. */
  public JsonRead withRequired(List<String> columns) {
    return new JsonRead(pattern, schema, columns, maxRejectedShare, sampleRows);
  }

  /** The largest share of rejected records that still succeeds (0: none). */
  public JsonRead withMaxRejectedShare(double share) {
    if (!(share >= 0.0 && share <= 1.0)) {
      throw new IllegalArgumentException("maxRejectedShare must be within [0, 1], got " + share);
    }
    return new JsonRead(pattern, schema, required, share, sampleRows);
  }

  public JsonRead withSampleRows(int rows) {
    if (rows < 1) {
      throw new IllegalArgumentException("the inference sample must have at least 1 row, got " + rows);
    }
    return new JsonRead(pattern, schema, required, maxRejectedShare, rows);
  }

  /**
   * Whether the first file {@code pattern} matches (by name) starts, after white space, with
   * {@code [} or <code>{</code>, as JSON does and no CSV header does: for a CSV source to tell the user to
   * read it as JSON. Empty when nothing matches or the file is not JSON-like.
   */
  public static java.util.Optional<String> jsonLikeFile(String pattern) {
    try {
      MatchResult result = FileSystems.match(pattern, org.apache.beam.sdk.io.fs.EmptyMatchTreatment.ALLOW);
      if (result.status() != MatchResult.Status.OK) {
        return java.util.Optional.empty();
      }
      var first = result.metadata().stream().filter(m -> !m.resourceId().isDirectory())
          .min(java.util.Comparator.comparing(m -> m.resourceId().toString()));
      if (first.isEmpty()) {
        return java.util.Optional.empty();
      }
      try (java.io.InputStream in = JsonRecords.open(first.get().resourceId())) {
        int c;
        do {
          c = in.read();
        } while (c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == 0xEF || c == 0xBB || c == 0xBF);
        return c == '[' || c == '{' ? java.util.Optional.of(first.get().resourceId().toString()) : java.util.Optional.empty();
      }
    } catch (IOException | IllegalArgumentException e) {
      return java.util.Optional.empty(); // the CSV read reports what is wrong with the file
    }
  }

  @Override
  public SourceRows expand(PBegin input) {
    FileSystems.registerFileSystemsOnce(input.getPipeline().getOptions());
    List<MatchResult.Metadata> files = SourceFiles.match(pattern, "JSON");
    Schema rows = schema != null ? schema : JsonSchemaInference.infer(files, sampleRows, required);
    for (String r : required) {
      if (!rows.hasField(r)) {
        throw new SourceFormatException("required column '" + r + "' is not in the JSON records' columns " + rows.getFieldNames());
      }
    }
    if (rows.getFieldCount() == 0) {
      throw new SourceFormatException("the JSON files matching '" + pattern + "' have no object with a key in their first "
          + sampleRows + " records");
    }
    // one file per part: spread over the workers, or in waves on the DirectRunner (SourceParts)
    PCollection<MatchResult.Metadata> matched = input.apply("MatchedFiles", SourceParts.of(files, MetadataCoderV2.of()));
    PCollectionTuple parsed = matched
        .apply("OpenFiles", FileIO.readMatches().withCompression(Compression.UNCOMPRESSED))
        .apply("ParseRecords", ParDo.of(new ReadFileFn(rows))
            .withOutputTags(SourceRows.ROWS, TupleTagList.of(SourceRows.NOTES)));
    return SourceRows.of(parsed, rows, pattern, files.size() == 1, "line", maxRejectedShare);
  }

  /** Reads one whole file: rows, rejected records and the file's counts. */
  private static final class ReadFileFn extends DoFn<FileIO.ReadableFile, Row> {
    private static final long serialVersionUID = 1L;
    private final Schema schema;

    ReadFileFn(Schema schema) {
      this.schema = schema;
    }

    @ProcessElement
    public void process(@Element FileIO.ReadableFile file, MultiOutputReceiver out) throws IOException {
      String name = file.getMetadata().resourceId().toString();
      Compression compression = Compression.detect(name);
      JsonRowParser parser = new JsonRowParser(schema);
      long rows = 0;
      long rejected = 0;
      ReadCounts first = null;
      try (JsonRecords records = JsonRecords.open(name,
          Channels.newInputStream(compression.readDecompressed(file.open())))) {
        while (records.next()) {
          rows++;
          Row row = records.record() == null ? null : parser.parse(records.record());
          if (row != null) {
            out.get(SourceRows.ROWS).output(row);
            continue;
          }
          String reason = records.problem() != null ? records.problem() : parser.rejection();
          rejected++;
          if (first == null) {
            first = ReadCounts.of(0, 1, name, records.line(), reason);
          }
          out.get(SourceRows.NOTES).output(SourceNote.rejected(name, records.line(), reason, records.text()));
        }
      }
      out.get(SourceRows.NOTES).output(SourceNote.counted(first == null ? ReadCounts.of(rows)
          : ReadCounts.of(rows, rejected, name, first.firstLine(), first.firstReason())));
    }
  }
}
