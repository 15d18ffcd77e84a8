package dev.kiln.core.io.csv;

import java.io.IOException;
import java.nio.channels.Channels;
import org.apache.beam.sdk.io.FileIO;
import org.apache.beam.sdk.schemas.Schema;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.values.Row;
import org.apache.beam.sdk.values.TupleTag;

/**
 * Reads one whole CSV file per element: good rows to the main output, rejected rows to {@link
 * #rejectedTag}, and one {@link CsvReadCounts} for the file to {@link #countsTag}. A file is
 * read from its start by one worker because a record boundary cannot be found from the middle
 * of a file when quoted fields may hold line breaks, and line numbers need the lines before.
 */
final class ReadCsvFileFn extends DoFn<FileIO.ReadableFile, Row> {
  private static final long serialVersionUID = 1L;

  private final Schema schema;
  private final CsvOptions options;
  private final TupleTag<Row> rejectedTag;
  private final TupleTag<CsvReadCounts> countsTag;

  ReadCsvFileFn(Schema schema, CsvOptions options, TupleTag<Row> rejectedTag, TupleTag<CsvReadCounts> countsTag) {
    this.schema = schema;
    this.options = options;
    this.rejectedTag = rejectedTag;
    this.countsTag = countsTag;
  }

  @ProcessElement
  public void processElement(@Element FileIO.ReadableFile file, MultiOutputReceiver out) throws IOException {
    String name = file.getMetadata().resourceId().toString();
    try (CsvRecords records = CsvRecords.open(name, Channels.newInputStream(file.open()), options)) {
      CsvRowParser parser = new CsvRowParser(schema, records.header(), options, name);
      long rows = 0;
      long rejected = 0;
      CsvReadCounts first = null;
      OutputReceiver<Row> good = out.get(CsvRead.ROWS);
      OutputReceiver<Row> bad = out.get(rejectedTag);
      while (records.next()) {
        rows++;
        Row row = parser.parse(records.record());
        if (row != null) {
          good.output(row);
          continue;
        }
        rejected++;
        if (first == null) {
          first = CsvReadCounts.of(0, 1, name, records.line(), parser.rejection());
        }
        bad.output(
            Row.withSchema(CsvRead.REJECTED_SCHEMA)
                .addValues(name, records.line(), parser.rejection(), records.text())
                .build());
      }
      CsvReadCounts counts = first == null
          ? CsvReadCounts.of(rows)
          : CsvReadCounts.of(rows, rejected, name, first.firstRejectedLine(), first.firstRejectedReason().get());
      out.get(countsTag).output(counts);
    }
  }
}
