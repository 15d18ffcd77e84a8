package dev.kiln.core.io;

import dev.kiln.core.io.csv.CsvRead;
import dev.kiln.core.step.DatasetRows;
import java.util.Map;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.coders.SerializableCoder;
import org.apache.beam.sdk.schemas.Schema;
import org.apache.beam.sdk.transforms.Combine;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.PInput;
import org.apache.beam.sdk.values.POutput;
import org.apache.beam.sdk.values.PValue;
import org.apache.beam.sdk.values.Row;
import org.apache.beam.sdk.values.TupleTag;

/**
 * What a record source (JSON, Parquet) read gives, as the CSV read does: the rows, the rejected
 * records (file, line, reason, text: {@link CsvRead#REJECTED_SCHEMA}), and a check that fails the job
 * when more than {@code maxRejectedShare} of the records were rejected. The rows' commit waits for
 * the check ({@link #asDataset()}), so a read over the share never commits output.
 */
public final class SourceRows implements POutput {
  private static final TupleTag<ReadCounts> CHECK = new TupleTag<ReadCounts>("check") {};

  public static final TupleTag<Row> ROWS = new TupleTag<Row>("rows") {};
  public static final TupleTag<Row> REJECTED = new TupleTag<Row>("rejected") {};
  /** A reader's side output: rejected records and per-unit counts ({@link SourceNote}). */
  public static final TupleTag<SourceNote> NOTES = new TupleTag<SourceNote>("notes") {};

  private final Pipeline pipeline;
  private final PCollection<Row> rows;
  private final PCollection<Row> rejected;
  private final PCollection<ReadCounts> check;

  private SourceRows(PCollection<Row> rows, PCollection<Row> rejected, PCollection<ReadCounts> check) {
    this.pipeline = rows.getPipeline();
    this.rows = rows;
    this.rejected = rejected;
    this.check = check;
  }

  /**
   * The outputs of a per-file DoFn that wrote {@link #ROWS} and, to {@link #NOTES}, its rejected records
   * and one {@link ReadCounts} per file.
   *
   * @param unit how a record's position is named in messages ("line", "record")
   */
  public static SourceRows of(PCollectionTuple parsed, Schema schema, String pattern, boolean singleFile,
      String unit, double maxRejectedShare) {
    PCollection<SourceNote> notes = notes(parsed.get(NOTES));
    PCollection<ReadCounts> check = counts(notes)
        .apply("SumCounts", Combine.globally(new ReadCounts.Sum()))
        .apply("CheckRejected", ParDo.of(new CheckFn(pattern, singleFile, unit, maxRejectedShare)))
        .setCoder(SerializableCoder.of(ReadCounts.class));
    return new SourceRows(RowSchemas.setOn(parsed.get(ROWS), schema), rejected(notes), check);
  }

  /** A reader's notes output with its coder set. */
  public static PCollection<SourceNote> notes(PCollection<SourceNote> notes) {
    return notes.setCoder(SerializableCoder.of(SourceNote.class));
  }

  /** The rejected records among {@code notes}, as rows of {@link CsvRead#REJECTED_SCHEMA}. */
  public static PCollection<Row> rejected(PCollection<SourceNote> notes) {
    PCollection<Row> rejected = notes.apply("Rejected", ParDo.of(new DoFn<SourceNote, Row>() {
      @ProcessElement
      public void process(@Element SourceNote note, OutputReceiver<Row> out) {
        if (!note.isCounts()) {
          out.output(note.asRejectedRow());
        }
      }
    }));
    return RowSchemas.setOn(rejected, CsvRead.REJECTED_SCHEMA);
  }

  /** The per-unit counts among {@code notes}. */
  public static PCollection<ReadCounts> counts(PCollection<SourceNote> notes) {
    return notes.apply("Counts", ParDo.of(new DoFn<SourceNote, ReadCounts>() {
      @ProcessElement
      public void process(@Element SourceNote note, OutputReceiver<ReadCounts> out) {
        if (note.isCounts()) {
          out.output(note.counts());
        }
      }
    })).setCoder(SerializableCoder.of(ReadCounts.class));
  }

  public PCollection<Row> rows() {
    return rows;
  }

  public PCollection<Row> rejected() {
    return rejected;
  }

  /** The rows as an unsplit dataset whose commit waits for the rejected-share check. */
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

  private static final class CheckFn extends DoFn<ReadCounts, ReadCounts> {
    private static final long serialVersionUID = 1L;
    private final String source;
    private final boolean singleFile;
    private final String unit;
    private final double maxShare;

    CheckFn(String source, boolean singleFile, String unit, double maxShare) {
      this.source = source;
      this.singleFile = singleFile;
      this.unit = unit;
      this.maxShare = maxShare;
    }

    @ProcessElement
    public void process(@Element ReadCounts counts, OutputReceiver<ReadCounts> out) {
      if (counts.rejectedShare() > maxShare) {
        throw new RejectedRowsException(source, singleFile, unit, counts, maxShare);
      }
      out.output(counts);
    }
  }
}
