package dev.kiln.core.io.csv;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

/**
 * The records of one CSV file after its header, each with the physical line (1-based, header =
 * line 1) on which it starts, also when earlier quoted fields span several lines. Blank lines
 * are skipped unless the file has a single column. Used alike by schema inference and by the
 * read, so both see the same records.
 */
final class CsvRecords implements Closeable {
  private static final char BYTE_ORDER_MARK = '\uFEFF';

  private final String file;
  private final CSVFormat format;
  private final CSVParser parser;
  private final Iterator<CSVRecord> iterator;
  private final List<String> header;
  private CSVRecord record;
  private long line;

  private CsvRecords(String file, InputStream in, CsvOptions options) throws IOException {
    this.file = file;
    this.format =
        CSVFormat.DEFAULT.builder()
            .setDelimiter(options.delimiter())
            .setQuote(options.quote())
            .setEscape(null)
            .setIgnoreEmptyLines(false)
            .setIgnoreSurroundingSpaces(false)
            .setTrim(false)
            .setNullString(null)
            .get();
    this.parser = CSVParser.parse(new InputStreamReader(in, StandardCharsets.UTF_8), format);
    this.iterator = parser.iterator();
    if (!advance()) {
      parser.close();
      throw new CsvFormatException(file + " is empty: expected a header row naming the columns");
    }
    this.header = headerOf(record);
  }

  /** Opens {@code in} (closed with this object) and reads its header row. */
  static CsvRecords open(String file, InputStream in, CsvOptions options) throws IOException {
    try {
      return new CsvRecords(file, in, options);
    } catch (IOException | RuntimeException e) {
      in.close();
      throw e;
    }
  }

  /** Column names from the header row, in file order. */
  List<String> header() {
    return header;
  }

  /** Moves to the next data record; false at the end of the file. */
  boolean next() {
    while (advance()) {
      if (!isBlankLine(record) || header.size() == 1) {
        return true;
      }
    }
    return false;
  }

  /** The current record; its values are the fields as written, without quotes. */
  CSVRecord record() {
    return record;
  }

  /**
   * The current record as CSV text: the same fields, quoted where needed (so quoting may differ
   * from the file's), without the line break.
   */
  String text() {
    return format.format(record.values());
  }

  /** The physical line on which the current record starts. */
  long line() {
    return line;
  }

  String file() {
    return file;
  }

  @Override
  public void close() throws IOException {
    parser.close();
  }

  private boolean advance() {
    // Lines fully consumed so far; the next record starts on the line after them.
    long consumed = parser.getCurrentLineNumber();
    try {
      if (!iterator.hasNext()) {
        record = null;
        return false;
      }
    } catch (UncheckedIOException e) {
      // Commons CSV cannot resynchronize after a syntax error, so the file cannot be read on.
      throw new CsvFormatException(
          file + " line " + (consumed + 1) + ": malformed CSV (" + e.getCause().getMessage()
              + "); check for an unbalanced quote", e);
    }
    record = iterator.next();
    line = consumed + 1;
    return true;
  }

  private static boolean isBlankLine(CSVRecord r) {
    return r.size() == 1 && r.get(0).isEmpty();
  }

  private List<String> headerOf(CSVRecord r) {
    List<String> names = new ArrayList<>(r.size());
    Map<String, Integer> seen = new HashMap<>();
    for (int i = 0; i < r.size(); i++) {
      String name = r.get(i);
      if (i == 0 && !name.isEmpty() && name.charAt(0) == BYTE_ORDER_MARK) {
        name = name.substring(1);
      }
      name = name.trim();
      if (name.isEmpty()) {
        throw new CsvFormatException(file + " line " + line + ": column " + (i + 1) + " of the header has no name");
      }
      Integer earlier = seen.putIfAbsent(name, i);
      if (earlier != null) {
        throw new CsvFormatException(
            file + " line " + line + ": column name '" + name + "' appears twice in the header (columns "
                + (earlier + 1) + " and " + (i + 1) + ")");
      }
      names.add(name);
    }
    return List.copyOf(names);
  }
}
