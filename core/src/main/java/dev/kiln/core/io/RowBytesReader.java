package dev.kiln.core.io;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.apache.beam.sdk.coders.CoderException;

/**
 * One row's bytes as {@link FlatRowCoder} wrote them: read from the stream with one
 * {@code readFully} after the length, then parsed from the array. Not thread-safe: one per thread
 * ({@link #acquire}); values never keep a reference to the array.
 */
final class RowBytesReader {
  private static final int KEEP_AT_MOST = 1 << 16;
  private static final VarHandle LONG_LE = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
  private static final VarHandle INT_LE = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);
  private static final ThreadLocal<RowBytesReader> PER_THREAD = ThreadLocal.withInitial(RowBytesReader::new);

  private byte[] buf = new byte[256];
  private int pos;
  private int end;
  private boolean inUse;

  private RowBytesReader() {}

  /** This thread's reader (a fresh one if it is in use), filled with the next row's bytes from {@code in}. */
  static RowBytesReader acquire(InputStream in) throws IOException {
    RowBytesReader r = PER_THREAD.get();
    if (r.inUse) {
      r = new RowBytesReader();
    }
    r.inUse = true;
    try {
      r.fill(in);
    } catch (IOException | RuntimeException e) {
      r.release();
      throw e;
    }
    return r;
  }

  void release() {
    inUse = false;
    if (buf.length > KEEP_AT_MOST) {
      buf = new byte[256];
    }
  }

  private void fill(InputStream in) throws IOException {
    int length = readLength(in);
    if (buf.length < length) {
      buf = new byte[Math.max(length, buf.length * 2)];
    }
    int read = 0;
    while (read < length) {
      int n = in.read(buf, read, length - read);
      if (n < 0) {
        throw new EOFException("a row of " + length + " bytes ends after " + read);
      }
      read += n;
    }
    pos = 0;
    end = length;
  }

  private static int readLength(InputStream in) throws IOException {
    int value = 0;
    for (int shift = 0; shift < 35; shift += 7) {
      int b = in.read();
      if (b < 0) {
        throw new EOFException(shift == 0 ? "no row: end of stream" : "end of stream inside a row's length");
      }
      value |= (b & 0x7F) << shift;
      if ((b & 0x80) == 0) {
        if (value < 0) {
          throw new CoderException("a row's length is negative: " + value);
        }
        return value;
      }
    }
    throw new CoderException("a row's length has more than 5 bytes");
  }

  /** Whether the bit of field {@code index} is set in the null bitmap at the start of the row. */
  boolean isNull(int index) {
    return (buf[index >>> 3] & (1 << (index & 7))) != 0;
  }

  /** Moves past the null bitmap. */
  void skip(int bytes) throws CoderException {
    need(bytes);
    pos += bytes;
  }

  /** Throws unless the whole row was parsed: a coder for another schema wrote it. */
  void checkConsumed() throws CoderException {
    if (pos != end) {
      throw new CoderException("a row of " + end + " bytes has " + (end - pos) + " bytes left after its last field;"
          + " it was written for another schema");
    }
  }

  private void need(int n) throws CoderException {
    if (n > end - pos) {
      throw new CoderException("a row of " + end + " bytes ends inside a field at byte " + pos
          + "; it was written for another schema");
    }
  }

  byte readByte() throws CoderException {
    need(1);
    return buf[pos++];
  }

  short readShort() throws CoderException {
    need(2);
    short v = (short) ((buf[pos] & 0xFF) | (buf[pos + 1] << 8));
    pos += 2;
    return v;
  }

  int readIntFixed() throws CoderException {
    need(4);
    int v = (int) INT_LE.get(buf, pos);
    pos += 4;
    return v;
  }

  long readLongFixed() throws CoderException {
    need(8);
    long v = (long) LONG_LE.get(buf, pos);
    pos += 8;
    return v;
  }

  int readVarInt() throws CoderException {
    int value = 0;
    for (int shift = 0; shift < 35; shift += 7) {
      int b = readByte();
      value |= (b & 0x7F) << shift;
      if ((b & 0x80) == 0) {
        return value;
      }
    }
    throw new CoderException("a var-int has more than 5 bytes");
  }

  long readZigZagLong() throws CoderException {
    long z = 0;
    for (int shift = 0; shift < 70; shift += 7) {
      int b = readByte();
      z |= (long) (b & 0x7F) << shift;
      if ((b & 0x80) == 0) {
        return (z >>> 1) ^ -(z & 1);
      }
    }
    throw new CoderException("a var-long has more than 10 bytes");
  }

  private int readLengthOfBytes() throws CoderException {
    int n = readVarInt();
    if (n < 0) {
      throw new CoderException("a negative length: " + n);
    }
    need(n);
    return n;
  }

  byte[] readBytes() throws CoderException {
    int n = readLengthOfBytes();
    byte[] b = Arrays.copyOfRange(buf, pos, pos + n);
    pos += n;
    return b;
  }

  String readString() throws CoderException {
    int n = readLengthOfBytes();
    String s = new String(buf, pos, n, StandardCharsets.UTF_8);
    pos += n;
    return s;
  }
}
