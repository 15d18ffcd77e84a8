package dev.kiln.core.io.csv;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Byte ranges cut at record boundaries: read range by range, a file gives the records and lines of one read. */
class CsvRangesTest {
  @TempDir Path dir;

  /** Quoted fields with LF, CR LF and lone CR inside, doubled quotes, blank lines, a CRLF file end. */
  private static final String TRICKY =
      "id,note,x\n"
          + "1,\"two\nlines\",a\n"
          + "2,\"quote \"\"here\"\" and,comma\",b\r\n"
          + "3,\"\n\n\",c\n"
          + "\n"
          + "4,\"cr\rlf\r\nend\",d\r"
          + "5,plain,\"\"\n"
          + "6,\"a\"\"\",\"\n\"\n"
          + "7,\"Größe\nzwei\",é\r\n";

  @Test
  void everyRangeSizeGivesTheRecordsAndLinesOfOneWholeRead() throws IOException {
    Path csv = Files.write(dir.resolve("t.csv"), TRICKY.getBytes(StandardCharsets.UTF_8));
    List<String> whole = readAll(csv, CsvOptions.defaults());
    assertEquals(7, whole.size(), whole.toString());
    assertEquals("line 2: [1, two\nlines, a]", whole.get(0));
    assertEquals("line 9: [4, cr\rlf\r\nend, d]", whole.get(3));
    assertEquals("line 12: [5, plain, ]", whole.get(4));
    assertEquals("line 15: [7, Größe\nzwei, é]", whole.get(6));

    int size = (int) Files.size(csv);
    for (int rangeBytes = 1; rangeBytes <= size; rangeBytes++) {
      CsvOptions options = CsvOptions.defaults().withRangeBytes(rangeBytes);
      List<CsvRange> ranges = CsvRanges.of(CsvFiles.match(csv.toString()), options);
      if (rangeBytes < size / 2) {
        assertTrue(ranges.size() > 1, "ranges of " + rangeBytes + " bytes: " + ranges);
      }
      assertEquals(whole, readAll(csv, options), "ranges of " + rangeBytes + " bytes: " + ranges);
    }
  }

  @Test
  void aCompressedFileIsOneRange() throws IOException {
    Path gz = dir.resolve("t.csv.gz");
    try (var out = new java.util.zip.GZIPOutputStream(Files.newOutputStream(gz))) {
      out.write(TRICKY.getBytes(StandardCharsets.UTF_8));
    }
    CsvOptions options = CsvOptions.defaults().withRangeBytes(4);

    List<CsvRange> ranges = CsvRanges.of(CsvFiles.match(gz.toString()), options);

    assertEquals(1, ranges.size());
    assertEquals(readAll(Files.write(dir.resolve("plain.csv"), TRICKY.getBytes(StandardCharsets.UTF_8)),
        CsvOptions.defaults()), readAll(gz, options));
  }

  /** Every record of every range of {@code csv}, in order, as "line N: [values]". */
  private static List<String> readAll(Path csv, CsvOptions options) throws IOException {
    List<String> out = new ArrayList<>();
    for (CsvRange range : CsvRanges.of(CsvFiles.match(csv.toString()), options)) {
      try (CsvRecords records = CsvRecords.open(range, options)) {
        while (records.next()) {
          List<String> values = new ArrayList<>();
          for (int i = 0; i < records.size(); i++) {
            values.add(records.get(i));
          }
          out.add("line " + records.line() + ": " + values);
        }
      }
    }
    return out;
  }
}
