package dev.kiln.core.io;

import java.io.IOException;
import java.io.OutputStream;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * One row's bytes as {@link FlatRowCoder} writes them, built in a growable array and handed to the
 * stream with a single {@code write} call, its length in front. Not thread-safe: one per thread
 * ({@link #acquire}), reused row after row.
 */
final class RowBytesWriter {
  /** Room left at the start of the array for the length prefix (a var-int of at most 5 bytes). */
  private static final int PREFIX = 5;
  /** A buffer that grew past this for one huge row is not kept for the next rows. */
  private static final int KEEP_AT_MOST = 1 << 16;
  private static final VarHandle LONG_LE = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
  private static final VarHandle INT_LE = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);
  private static final ThreadLocal<RowBytesWriter> PER_THREAD = ThreadLocal.withInitial(RowBytesWriter::new);

  private byte[] buf = new byte[256];
  private int pos;
  private boolean inUse;

  private RowBytesWriter() {}

  /**
   * This thread's writer, cleared, with {@code nullBytes} zero bytes for the null bitmap; a fresh
   * one if this thread's is in use (a coder called from inside another's write).
   */
  static RowBytesWriter acquire(int nullBytes) {
    RowBytesWriter w = PER_THREAD.get();
    if (w.inUse) {
      w = new RowBytesWriter();
    }
    w.inUse = true;
    w.pos = PREFIX;
    w.ensure(nullBytes);
    Arrays.fill(w.buf, PREFIX, PREFIX + nullBytes, (byte) 0);
    w.pos += nullBytes;
    return w;
  }

  void release() {
    inUse = false;
    if (buf.length > KEEP_AT_MOST) {
      buf = new byte[256];
    }
  }

  /** Marks field {@code index} null in the bitmap that {@link #acquire} reserved. */
  void markNull(int index) {
    buf[PREFIX + (index >>> 3)] |= (byte) (1 << (index & 7));
  }

  /** Writes the var-int length of the row's bytes and the bytes, in one call. */
  void writeTo(OutputStream out) throws IOException {
    int length = pos - PREFIX;
    int start = PREFIX - varIntSize(length);
    int p = start;
    int v = length;
    while ((v & ~0x7F) != 0) {
      buf[p++] = (byte) ((v & 0x7F) | 0x80);
      v >>>= 7;
    }
    buf[p] = (byte) v;
    out.write(buf, start, pos - start);
  }

  private static int varIntSize(int v) {
    int size = 1;
    while ((v & ~0x7F) != 0) {
      size++;
      v >>>= 7;
    }
    return size;
  }

  private void ensure(int more) {
    if (pos + more > buf.length) {
      buf = Arrays.copyOf(buf, Math.max(buf.length * 2, pos + more));
    }
  }

  void writeByte(int b) {
    ensure(1);
    buf[pos++] = (byte) b;
  }

  void writeShort(short v) {
    ensure(2);
    buf[pos++] = (byte) v;
    buf[pos++] = (byte) (v >> 8);
  }

  void writeIntFixed(int v) {
    ensure(4);
    INT_LE.set(buf, pos, v);
    pos += 4;
  }

  void writeLongFixed(long v) {
    ensure(8);
    LONG_LE.set(buf, pos, v);
    pos += 8;
  }

  /** An unsigned var-int (7 bits a byte, low first). */
  void writeVarInt(int v) {
    ensure(5);
    while ((v & ~0x7F) != 0) {
      buf[pos++] = (byte) ((v & 0x7F) | 0x80);
      v >>>= 7;
    }
    buf[pos++] = (byte) v;
  }

  /** A signed long, zig-zag then var-int: small magnitudes of either sign take few bytes. */
  void writeZigZagLong(long v) {
    ensure(10);
    long z = (v << 1) ^ (v >> 63);
    while ((z & ~0x7FL) != 0) {
      buf[pos++] = (byte) ((z & 0x7F) | 0x80);
      z >>>= 7;
    }
    buf[pos++] = (byte) z;
  }

  void writeBytes(byte[] b) {
    writeVarInt(b.length);
    ensure(b.length);
    System.arraycopy(b, 0, buf, pos, b.length);
    pos += b.length;
  }

  /**
   * UTF-8 with its byte length in front, the same bytes {@code String.getBytes(UTF_8)} gives (so
   * the same string comes back as from Beam's StringUtf8Coder). ASCII, by far the common case, is
   * copied char by char with no intermediate array.
   */
  void writeString(String s) {
    int n = s.length();
    int start = pos;
    writeVarInt(n);
    ensure(n);
    int p = pos;
    byte[] b = buf;
    for (int i = 0; i < n; i++) {
      char c = s.charAt(i);
      if (c >= 0x80) {
        pos = start;
        writeBytes(s.getBytes(StandardCharsets.UTF_8));
        return;
      }
      b[p++] = (byte) c;
    }
    pos = p;
  }
}
