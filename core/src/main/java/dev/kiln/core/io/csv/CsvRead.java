package dev.kiln.core.io.csv;

import dev.kiln.core.io.RowSchemas;
import dev.kiln.core.io.ReadCounts;
import dev.kiln.core.io.SourceNote;
import dev.kiln.core.io.SourceRows;
import dev.kiln.core.io.RejectedRowsException;
import dev.kiln.core.io.SourcePartOptions;
import dev.kiln.core.io.SourceParts;
import dev.kiln.core.step.DatasetRows;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.coders.SerializableCoder;
import org.apache.beam.sdk.io.FileSystems;
import org.apache.beam.sdk.io.fs.MatchResult;
import org.apache.beam.sdk.options.PipelineOptions;
import org.apache.beam.sdk.schemas.Schema;
import org.apache.beam.sdk.transforms.Combine;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.values.PBegin;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.PInput;
import org.apache.beam.sdk.values.POutput;
import org.apache.beam.sdk.values.PValue;
import org.apache.beam.sdk.values.Row;
import org.apache.beam.sdk.values.TupleTag;
import org.apache.beam.sdk.values.TupleTagList;

/**
 * Reads CSV files into Rows:
 *
 * <pre>{@code
 * CsvRead.Result csv = pipeline.apply(CsvRead.from("data/*.csv").withOptions(options));
 * csv.rows();      // PCollection<Row> with csv.schema()
 * csv.rejected();  // file, line, reason, text of every rejected row
 * csv.check();     // one ReadCounts; fails the job when too many rows were rejected
 * }</pre>
 *
 * <p>At expansion (in the launching process, before any job) the pattern is matched, and the
 * schema is inferred ({@link CsvSchemaInference}) or every file's header is checked against the
 * declared schema; a pattern matching nothing, an empty file or a header that does not fit
 * throws {@link CsvFormatException} there. Then each file is cut into byte ranges at record
 * boundaries ({@link CsvRanges}; no larger than {@link SourcePartOptions#getMaxPartBytes()} when the
 * backend sets it) and, while the job runs, ranges are read in parallel ({@link SourceParts}: in waves
 * on the DirectRunner). A row is rejected when it has the wrong number of fields, a value
 * that does not parse as its column's type, or no value in a required column. Whoever commits
 * the rows must wait for {@link Result#check()} (see {@link Result#asDataset()}), so that a read
 * over {@link CsvOptions#maxRejectedShare()} never commits output.
 */
public final class CsvRead extends PTransform<PBegin, CsvRead.Result> {
  private static final long serialVersionUID = 1L;

  /** Schema of {@link Result#rejected()}: the file, the line the row starts on, why, and the row as CSV. */
  public static final Schema REJECTED_SCHEMA =
      Schema.builder()
          .addStringField("file")
          .addInt64Field("line")
          .addStringField("reason")
          .addStringField("text")
          .build();

  static final TupleTag<Row> ROWS = new TupleTag<Row>("rows") {};
  private static final TupleTag<Row> REJECTED = new TupleTag<Row>("rejected") {};
  /** Rejected records and per-range counts share one side output (see {@link SourceNote}). */
  private static final TupleTag<SourceNote> NOTES = new TupleTag<SourceNote>("notes") {};
  private static final TupleTag<ReadCounts> CHECK = new TupleTag<ReadCounts>("check") {};

  private final String pattern;
  private final CsvOptions options;

  private CsvRead(String pattern, CsvOptions options) {
    this.pattern = Objects.requireNonNull(pattern, "pattern");
    this.options = Objects.requireNonNull(options, "options");
  }

  /** Reads the files {@code pattern} matches (a path or glob, through Beam FileSystems) with default options. */
  public static CsvRead from(String pattern) {
    return new CsvRead(pattern, CsvOptions.defaults());
  }

  public CsvRead withOptions(CsvOptions options) {
    return new CsvRead(pattern, options);
  }

  public String pattern() {
    return pattern;
  }

  public CsvOptions options() {
    return options;
  }

  @Override
  public Result expand(PBegin input) {
    FileSystems.registerFileSystemsOnce(input.getPipeline().getOptions());
    List<MatchResult.Metadata> files = CsvFiles.match(pattern);
    Schema schema = CsvSchemaInference.infer(files, options);
    checkHeaders(files, schema);
    List<CsvRange> ranges = CsvRanges.of(files, rangeOptions(input.getPipeline().getOptions()));

    PCollection<CsvRange> parts =
        input.apply("Ranges", SourceParts.of(ranges, SerializableCoder.of(CsvRange.class)));
    PCollectionTuple parsed =
        parts.apply("ParseRows", ParDo.of(new ReadCsvRangeFn(schema, options, NOTES))
            .withOutputTags(ROWS, TupleTagList.of(NOTES)));
    PCollection<Row> rows = RowSchemas.setOn(parsed.get(ROWS), schema);
    PCollection<SourceNote> notes = SourceRows.notes(parsed.get(NOTES));
    PCollection<Row> rejected = SourceRows.rejected(notes);
    PCollection<ReadCounts> check =
        SourceRows.counts(notes)
            .apply("SumCounts", Combine.globally(new ReadCounts.Sum()))
            .apply("CheckRejected", ParDo.of(new CheckFn(pattern, files.size() == 1, options.maxRejectedShare())))
            .setCoder(SerializableCoder.of(ReadCounts.class));
    return new Result(input.getPipeline(), schema, rows, rejected, check);
  }

  /**
   * The options with the backend's cap on part sizes applied ({@link SourcePartOptions#getMaxPartBytes()}):
   * on the DirectRunner a range is one bundle, held in memory by every step it passes.
   */
  private CsvOptions rangeOptions(PipelineOptions pipelineOptions) {
    long cap = pipelineOptions.as(SourcePartOptions.class).getMaxPartBytes();
    return cap > 0 && cap < options.rangeBytes() ? options.withRangeBytes(cap) : options;
  }

  private void checkHeaders(List<MatchResult.Metadata> files, Schema schema) {
    for (MatchResult.Metadata file : files) {
      String name = file.resourceId().toString();
      try (CsvRecords records = CsvRecords.open(name, CsvFiles.open(file.resourceId()), options)) {
        new CsvRowParser(schema, records.header(), options, name);
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read " + name + ": " + e.getMessage(), e);
      }
    }
  }

  /** Passes the summed counts on, or fails the job when too large a share was rejected. */
  private static final class CheckFn extends DoFn<ReadCounts, ReadCounts> {
    private static final long serialVersionUID = 1L;

    private final String source;
    private final boolean singleFile;
    private final double maxShare;

    CheckFn(String source, boolean singleFile, double maxShare) {
      this.source = source;
      this.singleFile = singleFile;
      this.maxShare = maxShare;
    }

    @ProcessElement
    public void processElement(@Element ReadCounts counts, OutputReceiver<ReadCounts> out) {
      if (counts.rejectedShare() > maxShare) {
        throw new RejectedRowsException(source, singleFile, "line", counts, maxShare);
      }
      out.output(counts);
    }
  }

  /** What {@link CsvRead} produces. */
  public static final class Result implements POutput {
    private final Pipeline pipeline;
    private final Schema schema;
    private final PCollection<Row> rows;
    private final PCollection<Row> rejected;
    private final PCollection<ReadCounts> check;

    private Result(Pipeline pipeline, Schema schema, PCollection<Row> rows, PCollection<Row> rejected,
        PCollection<ReadCounts> check) {
      this.pipeline = pipeline;
      this.schema = schema;
      this.rows = rows;
      this.rejected = rejected;
      this.check = check;
    }

    /** The declared or inferred schema of {@link #rows()}. */
    public Schema schema() {
      return schema;
    }

    /** The rows that parsed. */
    public PCollection<Row> rows() {
      return rows;
    }

    /** The rejected rows, with {@link CsvRead#REJECTED_SCHEMA}. */
    public PCollection<Row> rejected() {
      return rejected;
    }

    /**
     * One element, the counts of the whole read, produced only if the rejected share is within
     * the allowed one; otherwise the job fails with a {@link RejectedRowsException}.
     */
    public PCollection<ReadCounts> check() {
      return check;
    }

    /** The rows as an unsplit dataset whose commit waits for {@link #check()}. */
    public DatasetRows asDataset() {
      return DatasetRows.of(rows).commitAfter(check);
    }

    @Override
    public Pipeline getPipeline() {
      return pipeline;
    }

    @Override
    public Map<TupleTag<?>, PValue> expand() {
      return Map.of(ROWS, rows, REJECTED, rejected, CHECK, check);
    }

    @Override
    public void finishSpecifyingOutput(String transformName, PInput input, PTransform<?, ?> transform) {}
  }
}
