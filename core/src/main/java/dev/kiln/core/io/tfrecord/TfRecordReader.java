package dev.kiln.core.io.tfrecord;

import java.io.BufferedInputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.Channels;
import java.nio.channels.ReadableByteChannel;
import java.util.zip.CRC32C;
import java.util.zip.GZIPInputStream;

/**
 * Reads the records of one TFRecord file, plain or gzip-compressed (detected from the gzip magic
 * bytes, not the file name), checking both masked CRC32C checksums of every record.
 *
 * <p>Framing: {@code uint64 length, uint32 masked_crc32c(length), byte[length] data,
 * uint32 masked_crc32c(data)}, little-endian.
 */
final class TfRecordReader implements Closeable {
  private static final int MASK_DELTA = 0xa282ead8;

  private final InputStream in;
  private final String fileName;
  private final byte[] header = new byte[12];
  private final byte[] footer = new byte[4];
  private long recordIndex;
  private long offset;

  private TfRecordReader(InputStream in, String fileName) {
    this.in = in;
    this.fileName = fileName;
  }

  /** Opens {@code channel}; {@code fileName} is used in error messages only. */
  static TfRecordReader open(ReadableByteChannel channel, String fileName) throws IOException {
    BufferedInputStream buffered = new BufferedInputStream(Channels.newInputStream(channel), 1 << 16);
    buffered.mark(2);
    int b0 = buffered.read();
    int b1 = buffered.read();
    buffered.reset();
    InputStream in = (b0 == 0x1f && b1 == 0x8b)
        ? new BufferedInputStream(new GZIPInputStream(buffered, 1 << 16), 1 << 16)
        : buffered;
    return new TfRecordReader(in, fileName);
  }

  /** The next record's data, or null at the end of the file. */
  byte[] next() throws IOException {
    int n = in.readNBytes(header, 0, header.length);
    if (n == 0) {
      return null;
    }
    if (n < header.length) {
      throw corrupt("truncated record header");
    }
    ByteBuffer hb = ByteBuffer.wrap(header).order(ByteOrder.LITTLE_ENDIAN);
    long length = hb.getLong(0);
    if (hb.getInt(8) != maskedCrc32c(header, 0, 8)) {
      throw corrupt("length checksum mismatch (corrupt, or not a TFRecord file)");
    }
    if (length < 0 || length > Integer.MAX_VALUE - 8) {
      throw corrupt("record length " + Long.toUnsignedString(length) + " is too large");
    }
    byte[] data = in.readNBytes((int) length);
    if (data.length < length || in.readNBytes(footer, 0, 4) < 4) {
      throw corrupt("truncated record");
    }
    if (ByteBuffer.wrap(footer).order(ByteOrder.LITTLE_ENDIAN).getInt() != maskedCrc32c(data, 0, data.length)) {
      throw corrupt("data checksum mismatch");
    }
    recordIndex++;
    offset += header.length + length + 4;
    return data;
  }

  /** Zero-based index of the record last returned by {@link #next()}. */
  long lastRecordIndex() {
    return recordIndex - 1;
  }

  private IOException corrupt(String what) {
    return new IOException(fileName + ": record " + recordIndex + " at byte " + offset + ": " + what);
  }

  /** TFRecord's masked CRC32C: rotate right by 15 bits and add a constant. */
  static int maskedCrc32c(byte[] bytes, int off, int len) {
    CRC32C crc = new CRC32C();
    crc.update(bytes, off, len);
    int c = (int) crc.getValue();
    return ((c >>> 15) | (c << 17)) + MASK_DELTA;
  }

  @Override
  public void close() throws IOException {
    in.close();
  }
}
