package dev.kiln.core.io.csv;

import dev.kiln.core.io.ReadCounts;
import dev.kiln.core.io.SourceNote;
import java.io.IOException;
import org.apache.beam.sdk.schemas.Schema;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.values.Row;
import org.apache.beam.sdk.values.TupleTag;

/**
 * Reads one {@link CsvRange} per element: good rows to the main output, rejected rows to {@link
 * #rejectedTag}, and one {@link ReadCounts} for the range to {@link #countsTag}. The header is
 * read from the file's start (for the column order); a range further in is entered with a seek.
 */
final class ReadCsvRangeFn extends DoFn<CsvRange, Row> {
  private static final long serialVersionUID = 1L;

  private final Schema schema;
  private final CsvOptions options;
  private final TupleTag<SourceNote> notesTag;

  ReadCsvRangeFn(Schema schema, CsvOptions options, TupleTag<SourceNote> notesTag) {
    this.schema = schema;
    this.options = options;
    this.notesTag = notesTag;
  }

  @ProcessElement
  public void processElement(@Element CsvRange range, MultiOutputReceiver out) throws IOException {
    try (CsvRecords records = CsvRecords.open(range, options)) {
      out.get(notesTag).output(SourceNote.counted(read(records, out)));
    }
  }

  private ReadCounts read(CsvRecords records, MultiOutputReceiver out) throws IOException {
    String name = records.file();
    CsvRowParser parser = new CsvRowParser(schema, records.header(), options, name);
    long rows = 0;
    long rejected = 0;
    ReadCounts first = null;
    OutputReceiver<Row> good = out.get(CsvRead.ROWS);
    OutputReceiver<SourceNote> bad = out.get(notesTag);
    while (records.next()) {
      rows++;
      Row row = parser.parse(records);
      if (row != null) {
        good.output(row);
        continue;
      }
      rejected++;
      if (first == null) {
        first = ReadCounts.of(0, 1, name, records.line(), parser.rejection());
      }
      bad.output(SourceNote.rejected(name, records.line(), parser.rejection(), records.text()));
    }
    return first == null
        ? ReadCounts.of(rows)
        : ReadCounts.of(rows, rejected, name, first.firstLine(), first.firstReason());
  }
}
