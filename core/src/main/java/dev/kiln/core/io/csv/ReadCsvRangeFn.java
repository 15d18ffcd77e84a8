package dev.kiln.core.io.csv;

import java.io.IOException;
import org.apache.beam.sdk.schemas.Schema;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.values.Row;
import org.apache.beam.sdk.values.TupleTag;

/**
 * Reads one {@link CsvRange} per element: good rows to the main output, rejected rows to {@link
 * #rejectedTag}, and one {@link CsvReadCounts} for the range to {@link #countsTag}. The header is
 * read from the file's start (for the column order); a range further in is entered with a seek.
 */
final class ReadCsvRangeFn extends DoFn<CsvRange, Row> {
  private static final long serialVersionUID = 1L;

  private final Schema schema;
  private final CsvOptions options;
  private final TupleTag<Row> rejectedTag;
  private final TupleTag<CsvReadCounts> countsTag;

  ReadCsvRangeFn(Schema schema, CsvOptions options, TupleTag<Row> rejectedTag, TupleTag<CsvReadCounts> countsTag) {
    this.schema = schema;
    this.options = options;
    this.rejectedTag = rejectedTag;
    this.countsTag = countsTag;
  }

  @ProcessElement
  public void processElement(@Element CsvRange range, MultiOutputReceiver out) throws IOException {
    try (CsvRecords records = CsvRecords.open(range, options)) {
      out.get(countsTag).output(read(records, out));
    }
  }

  private CsvReadCounts read(CsvRecords records, MultiOutputReceiver out) throws IOException {
    String name = records.file();
    CsvRowParser parser = new CsvRowParser(schema, records.header(), options, name);
    long rows = 0;
    long rejected = 0;
    CsvReadCounts first = null;
    OutputReceiver<Row> good = out.get(CsvRead.ROWS);
    OutputReceiver<Row> bad = out.get(rejectedTag);
    while (records.next()) {
      rows++;
      Row row = parser.parse(records);
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
    return first == null
        ? CsvReadCounts.of(rows)
        : CsvReadCounts.of(rows, rejected, name, first.firstRejectedLine(), first.firstRejectedReason().get());
  }
}
