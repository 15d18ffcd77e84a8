package dev.kiln.core.io.csv;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.Charset;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Splits the bytes of a CSV file, or of a byte range of one, into records of fields. It works on
 * bytes, not characters, for three reasons: the delimiter, the quote and line breaks are ASCII in
 * every charset Kiln accepts ({@link CsvOptions#encoding()}), so scanning bytes is exact and fast;
 * every record knows the byte offset it starts at, which is what a byte range ({@link CsvRanges})
 * and a decoding error report; and a field is decoded strictly, so that a malformed byte sequence
 * rejects its row instead of becoming U+FFFD.
 *
 * <p>Syntax (RFC 4180 with the usual leniency): a field that starts with the quote is quoted and
 * ends at the next quote not doubled; inside it, a doubled quote is one quote and line breaks are
 * part of the value. A quote inside an unquoted field is an ordinary character. A record ends at
 * LF, CR LF or a lone CR outside quotes, or at the end of the input. Text between a closing quote
 * and the next delimiter makes the record malformed ({@link #syntaxError()}); a quote still open at
 * the end of the input, a field over {@code maxFieldBytes} and a header over {@code maxHeaderBytes}
 * stop the read with a {@link CsvFormatException}, since nothing after them can be trusted.
 *
 * <p>The current record's bytes stay contiguous in one buffer, which grows only as far as the
 * caps allow; values are decoded when asked for.
 */
final class CsvScanner implements Closeable {
  private static final int INITIAL_BUFFER = 1 << 16;
  private static final byte CR = '\r';
  private static final byte LF = '\n';

  private final String file;
  private final InputStream in;
  private final byte delimiter;
  private final byte quote;
  private final String quoteText;
  private final String doubledQuote;
  private final Charset charset;
  private final CharsetDecoder decoder;
  private final int maxFieldBytes;
  private long end;
  private boolean decodeValues = true;

  private byte[] buf = new byte[INITIAL_BUFFER];
  private int limit;
  private int pos;
  /** The file offset of {@code buf[0]}. */
  private long bufOffset;
  private boolean eof;

  // The current record. Field bounds are relative to recStart, so they survive compaction.
  private int recStart;
  private int recLength;
  private int count;
  private int[] starts = new int[16];
  private int[] ends = new int[16];
  private boolean[] doubled = new boolean[16];
  private String[] values = new String[16];
  /** Every byte of the record OR-ed together: negative when a byte is 0x80 or above. */
  private int high;
  private int quotedLines;
  private boolean lastDoubled;
  private String syntaxError;
  private String malformed;
  private long line;
  private long nextLine;
  private int recordCap = Integer.MAX_VALUE;
  private CharBuffer chars = CharBuffer.allocate(256);

  /**
   * A scanner of {@code in}, whose first byte is at {@code offset} in the file and starts a
   * record on line {@code line}; it stops before the first record that starts at or after {@code
   * end} (a record boundary of the file, or {@link Long#MAX_VALUE}).
   */
  CsvScanner(String file, InputStream in, CsvOptions options, long offset, long line, long end) {
    this.file = file;
    this.in = in;
    this.delimiter = (byte) options.delimiter();
    this.quote = (byte) options.quote();
    this.quoteText = String.valueOf(options.quote());
    this.doubledQuote = quoteText + quoteText;
    this.charset = options.charset();
    this.decoder = charset.newDecoder()
        .onMalformedInput(CodingErrorAction.REPORT)
        .onUnmappableCharacter(CodingErrorAction.REPORT);
    this.maxFieldBytes = options.maxFieldBytes();
    this.bufOffset = offset;
    this.nextLine = line;
    this.end = end;
  }

  /** Skips a UTF-8 byte order mark at the current position (the start of a file). */
  void skipByteOrderMark() throws IOException {
    while (limit - pos < 3 && !eof) {
      refill();
    }
    if (limit - pos >= 3 && (buf[pos] & 0xFF) == 0xEF && (buf[pos + 1] & 0xFF) == 0xBB && (buf[pos + 2] & 0xFF) == 0xBF
        && charset.equals(StandardCharsets.UTF_8)) {
      pos += 3;
    }
  }

  /** Stops before the first record that starts at or after {@code end}, a record boundary. */
  void stopAt(long end) {
    this.end = end;
  }

  /** Leaves values undecoded (for a scan that only looks for record boundaries). */
  void skipDecoding() {
    this.decodeValues = false;
  }

  /** Caps the length of the records read next (the header), with the error to raise beyond it. */
  void capRecords(int maxBytes) {
    this.recordCap = maxBytes;
  }

  /** Moves to the next record; false at the end of the input or of the range. */
  boolean next() throws IOException {
    if (bufOffset + pos >= end) {
      return false;
    }
    recStart = pos;
    if (pos >= limit) {
      refill();
      if (pos >= limit) {
        return false;
      }
    }
    Arrays.fill(values, 0, count, null);
    line = nextLine;
    count = 0;
    high = 0;
    quotedLines = 0;
    syntaxError = null;
    malformed = null;
    while (true) {
      int start = pos - recStart;
      int terminator;
      if (buf[pos] == quote) {
        pos++;
        scanQuoted(start);
        int contentEnd = pos - 1 - recStart;
        terminator = peek();
        if (terminator == -1 || terminator == delimiter || terminator == LF || terminator == CR) {
          addField(start + 1, contentEnd, lastDoubled);
        } else {
          if (syntaxError == null) {
            syntaxError = "field " + (count + 1) + ": text after the closing quote (a quote inside a quoted "
                + "field must be doubled)";
          }
          terminator = scanUnquoted(start);
          addField(start, pos - recStart, false);
        }
      } else {
        terminator = scanUnquoted(start);
        addField(start, pos - recStart, false);
      }
      if (terminator == delimiter) {
        pos++;
        if (pos >= limit) {
          peek(); // an empty last field at the end of the input: the loop below reads it
        }
        if (pos >= limit) {
          addField(pos - recStart, pos - recStart, false);
          return endRecord(-1);
        }
        continue;
      }
      return endRecord(terminator);
    }
  }

  private boolean endRecord(int terminator) throws IOException {
    recLength = pos - recStart;
    checkRecordLength(recLength);
    if (terminator == CR) {
      pos++;
      if (peek() == LF) {
        pos++;
      }
    } else if (terminator == LF) {
      pos++;
    }
    nextLine = line + quotedLines + 1;
    if (high < 0 && decodeValues) {
      decodeAll();
    }
    return true;
  }

  /** Number of fields of the current record. */
  int size() {
    return count;
  }

  /** True when the current record is an empty line. */
  boolean blank() {
    return count == 1 && recLength == 0;
  }

  /** Field {@code i}, without quotes; null only when {@link #malformed()} is set. */
  String get(int i) {
    String v = values[i];
    if (v == null) {
      v = decode(i);
      values[i] = v;
    }
    return v;
  }

  /** The physical line (1-based) on which the current record starts. */
  long line() {
    return line;
  }

  /** The file offset of the current record's first byte. */
  long offset() {
    return bufOffset + recStart;
  }

  /** The file offset of the next record, i.e. just after the current one and its line break. */
  long nextOffset() {
    return bufOffset + pos;
  }

  /** The line on which the next record starts. */
  long nextLine() {
    return nextLine;
  }

  /** Why the current record is not valid CSV, or null. */
  String syntaxError() {
    return syntaxError;
  }

  /** Where and why the current record's bytes are not valid in the file's charset, or null. */
  String malformed() {
    return malformed;
  }

  /** The current record as written, without its line break (malformed bytes shown as U+FFFD). */
  String text() {
    return new String(buf, recStart, recLength, charset);
  }

  @Override
  public void close() throws IOException {
    in.close();
  }

  /** Advances {@code pos} to the next delimiter or line break; returns it, or -1 at the end of the input. */
  private int scanUnquoted(int fieldStart) throws IOException {
    byte d = delimiter;
    while (true) {
      byte[] b = buf;
      int i = pos;
      int lim = limit;
      int h = high;
      while (i < lim) {
        byte c = b[i];
        if (c == d || c == LF || c == CR) {
          pos = i;
          high = h;
          checkField(i - recStart - fieldStart, false);
          return c;
        }
        h |= c;
        i++;
      }
      pos = i;
      high = h;
      refill();
      checkField(pos - recStart - fieldStart, false);
      if (pos >= limit) {
        return -1;
      }
    }
  }

  /** From the first byte inside a quoted field, advances {@code pos} past its closing quote. */
  private void scanQuoted(int fieldStart) throws IOException {
    byte q = quote;
    lastDoubled = false;
    while (true) {
      byte[] b = buf;
      int i = pos;
      int lim = limit;
      int h = high;
      while (i < lim) {
        byte c = b[i];
        if (c == q) {
          if (i + 1 < lim) {
            if (b[i + 1] == q) {
              lastDoubled = true;
              i += 2;
              continue;
            }
            pos = i + 1;
            high = h;
            checkField(i - recStart - fieldStart - 1, true);
            return;
          }
          break; // the byte after the quote decides; read more first
        }
        if (c == CR || (c == LF && b[i - 1] != CR)) {
          quotedLines++;
        }
        h |= c;
        i++;
      }
      pos = i;
      high = h;
      if (i < limit) { // stopped at a quote that is the buffer's last byte
        refill();
        if (pos + 1 < limit && buf[pos + 1] == q) {
          lastDoubled = true;
          pos += 2;
          continue;
        }
        pos++;
        checkField(pos - recStart - fieldStart - 2, true);
        return;
      }
      refill();
      checkField(pos - recStart - fieldStart - 1, true);
      if (pos >= limit) {
        throw new CsvFormatException(file + " line " + line + ": malformed CSV (a quoted field is not closed "
            + "before the end of the file); check for an unbalanced quote");
      }
    }
  }

  /** The byte at {@code pos} (reading more when needed), or -1 at the end of the input. */
  private int peek() throws IOException {
    if (pos >= limit) {
      refill();
      if (pos >= limit) {
        return -1;
      }
    }
    return buf[pos];
  }

  private void addField(int start, int end, boolean withDoubledQuotes) {
    if (count == starts.length) {
      int n = count * 2;
      starts = Arrays.copyOf(starts, n);
      ends = Arrays.copyOf(ends, n);
      doubled = Arrays.copyOf(doubled, n);
      values = Arrays.copyOf(values, n);
    }
    starts[count] = start;
    ends[count] = end;
    doubled[count] = withDoubledQuotes;
    count++;
  }

  private void checkField(int length, boolean quoted) {
    checkRecordLength(pos - recStart);
    if (length > maxFieldBytes) {
      throw new CsvFormatException(file + " line " + line + ": field " + (count + 1) + " is longer than "
          + "maxFieldBytes (" + maxFieldBytes + " bytes)"
          + (quoted ? "; check for an unbalanced quote, or raise" : "; raise")
          + " the csv setting maxFieldBytes if the file really holds such values", "maxFieldBytes");
    }
  }

  private void checkRecordLength(int length) {
    if (length > recordCap) {
      throw new CsvFormatException(file + ": the header (line 1) is longer than maxHeaderBytes (" + recordCap
          + " bytes); is this a CSV file with a header row and line breaks? Raise the csv setting maxHeaderBytes "
          + "if the header really is that long", "maxHeaderBytes");
    }
  }

  /** Reads more input, first moving the current record to the buffer's start or growing the buffer. */
  private void refill() throws IOException {
    if (eof) {
      return;
    }
    if (recStart > 0) {
      System.arraycopy(buf, recStart, buf, 0, limit - recStart);
      bufOffset += recStart;
      limit -= recStart;
      pos -= recStart;
      recStart = 0;
    }
    if (limit == buf.length) {
      buf = Arrays.copyOf(buf, buf.length * 2);
    }
    int n = in.read(buf, limit, buf.length - limit);
    if (n < 0) {
      eof = true;
    } else {
      limit += n;
    }
  }

  private String decode(int i) {
    int s = recStart + starts[i];
    int len = ends[i] - starts[i];
    String v = high >= 0
        ? new String(buf, s, len, StandardCharsets.ISO_8859_1) // ASCII: the same in every accepted charset
        : strict(s, len);
    if (v != null && doubled[i]) {
      v = v.replace(doubledQuote, quoteText);
    }
    return v;
  }

  /** Decodes every field of a record with bytes above 0x80, so a malformed one is known before its row is parsed. */
  private void decodeAll() {
    for (int i = 0; i < count && malformed == null; i++) {
      values[i] = decode(i);
    }
  }

  private String strict(int start, int length) {
    ByteBuffer bytes = ByteBuffer.wrap(buf, start, length);
    if (chars.capacity() < length) {
      chars = CharBuffer.allocate(Math.max(length, chars.capacity() * 2));
    }
    chars.clear();
    decoder.reset();
    CoderResult r = decoder.decode(bytes, chars, true);
    if (!r.isError()) {
      r = decoder.flush(chars);
    }
    if (r.isError()) {
      long at = bufOffset + bytes.position();
      StringBuilder seq = new StringBuilder();
      for (int k = 0; k < r.length() && bytes.position() + k < start + length; k++) {
        seq.append(k == 0 ? "" : " ").append(String.format("%02X", buf[bytes.position() + k] & 0xFF));
      }
      malformed = "byte offset " + at + ": " + seq + " is not valid " + charset.name()
          + " (name the file's charset with the csv setting encoding)";
      return null;
    }
    chars.flip();
    return chars.toString();
  }

  /** For tests: a whole-stream scanner. */
  static CsvScanner of(String file, InputStream in, CsvOptions options) {
    return new CsvScanner(file, in, options, 0, 1, Long.MAX_VALUE);
  }
}
