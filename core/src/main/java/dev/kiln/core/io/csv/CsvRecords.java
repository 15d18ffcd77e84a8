package dev.kiln.core.io.csv;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.Channels;
import java.nio.channels.SeekableByteChannel;
import org.apache.beam.sdk.io.FileSystems;
import org.apache.beam.sdk.io.fs.ResourceId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The records of one CSV file after its header (or of a byte range of it), each with the
 * physical line (1-based, header = line 1) on which it starts, also when earlier quoted fields
 * span several lines. Blank lines are skipped unless the file has a single column. Used alike by
 * schema inference, the range planner and the read, so all see the same records.
 */
final class CsvRecords implements Closeable {
  private static final char BYTE_ORDER_MARK = '\uFEFF';

  private final String file;
  private final CsvScanner scanner;
  private final List<String> header;
  private final long firstRecordOffset;
  private final long firstRecordLine;

  private CsvRecords(String file, CsvScanner scanner, List<String> header) throws IOException {
    this.file = file;
    this.scanner = scanner;
    this.header = header;
    this.firstRecordOffset = scanner.nextOffset();
    this.firstRecordLine = scanner.nextLine();
  }

  /** Opens {@code in} (a whole file; closed with this object) and reads its header row. */
  static CsvRecords open(String file, InputStream in, CsvOptions options) throws IOException {
    try {
      CsvScanner scanner = new CsvScanner(file, in, options, 0, 1, Long.MAX_VALUE);
      scanner.skipByteOrderMark();
      scanner.capRecords(options.maxHeaderBytes());
      if (!scanner.next()) {
        throw new CsvFormatException(file + " is empty: expected a header row naming the columns");
      }
      scanner.capRecords(Integer.MAX_VALUE);
      return new CsvRecords(file, scanner, headerOf(file, scanner));
    } catch (IOException | RuntimeException e) {
      in.close();
      throw e;
    }
  }

  /**
   * The records of a byte range. The header is read from the file's start (for the column
   * names); a range further in is then entered with a seek to {@code range.start()}, a record
   * boundary on line {@code range.line()}. Reading stops before the record at {@code range.end()}.
   */
  static CsvRecords open(CsvRange range, CsvOptions options) throws IOException {
    ResourceId id = FileSystems.matchNewResource(range.file(), false);
    CsvRecords head = open(range.file(), CsvFiles.open(id), options);
    if (range.start() == head.firstRecordOffset()) {
      head.stopAt(range.end());
      return head;
    }
    head.close();
    SeekableByteChannel channel = (SeekableByteChannel) FileSystems.open(id);
    try {
      channel.position(range.start());
    } catch (IOException | RuntimeException e) {
      channel.close();
      throw e;
    }
    CsvScanner scanner = new CsvScanner(range.file(), Channels.newInputStream(channel), options, range.start(),
        range.line(), range.end());
    return new CsvRecords(range.file(), scanner, head.header());
  }

  /** Column names from the header row, in file order. */
  List<String> header() {
    return header;
  }

  /** Moves to the next data record; false at the end of the file (or range). */
  boolean next() throws IOException {
    while (scanner.next()) {
      if (!scanner.blank() || header.size() == 1) {
        return true;
      }
    }
    return false;
  }

  /**
   * Moves to the next record, blank or not, without decoding it: for finding record boundaries.
   * The record's values must not be read.
   */
  boolean nextRecordOfAnyKind() throws IOException {
    scanner.skipDecoding();
    return scanner.next();
  }

  /** Stops before the record at {@code end}, a record boundary ({@link Long#MAX_VALUE}: at the end). */
  void stopAt(long end) {
    scanner.stopAt(end);
  }

  /** Number of fields of the current record. */
  int size() {
    return scanner.size();
  }

  /** Field {@code i} of the current record, without quotes; null when {@link #malformed()} is set. */
  String get(int i) {
    return scanner.get(i);
  }

  /** Why the current record cannot be read (bytes not valid in the charset, broken quoting), or null. */
  String invalid() {
    String m = scanner.malformed();
    return m != null ? m : scanner.syntaxError();
  }

  /** The current record as written in the file, without the line break. */
  String text() {
    return scanner.text();
  }

  /** The physical line on which the current record starts. */
  long line() {
    return scanner.line();
  }

  /** The file offset of the record after the current one (a record boundary). */
  long nextOffset() {
    return scanner.nextOffset();
  }

  /** The line on which the record after the current one starts. */
  long nextLine() {
    return scanner.nextLine();
  }

  /** Where the first data record starts: the offset and line just after the header. */
  long firstRecordOffset() {
    return firstRecordOffset;
  }

  long firstRecordLine() {
    return firstRecordLine;
  }

  String file() {
    return file;
  }

  @Override
  public void close() throws IOException {
    scanner.close();
  }

  private static List<String> headerOf(String file, CsvScanner r) {
    List<String> names = new ArrayList<>(r.size());
    Map<String, Integer> seen = new HashMap<>();
    String invalid = r.malformed() != null ? r.malformed() : r.syntaxError();
    if (invalid != null) {
      throw new CsvFormatException(file + " line 1: the header cannot be read: " + invalid);
    }
    for (int i = 0; i < r.size(); i++) {
      String name = r.get(i);
      if (i == 0 && !name.isEmpty() && name.charAt(0) == BYTE_ORDER_MARK) {
        name = name.substring(1);
      }
      name = name.trim();
      if (name.isEmpty()) {
        throw new CsvFormatException(file + " line 1: column " + (i + 1) + " of the header has no name");
      }
      Integer earlier = seen.putIfAbsent(name, i);
      if (earlier != null) {
        throw new CsvFormatException(
            file + " line 1: column name '" + name + "' appears twice in the header (columns "
                + (earlier + 1) + " and " + (i + 1) + ")");
      }
      names.add(name);
    }
    return List.copyOf(names);
  }
}
