package dev.kiln.core.io.tfrecord;

import java.util.Arrays;

/**
 * One decoded {@code tf.train.Feature}: which list it holds and its values. Growable primitive
 * arrays rather than boxed lists, because a data set decodes millions of these.
 */
final class TfFeature {
  /**
   * The oneof case of a Feature; the number is the protobuf field number. UNSET is a Feature with no
   * list at all, which TensorFlow writes for a value that is missing in every row (for example the
   * taxi data's pickup_census_tract).
   */
  enum Kind {
    UNSET(0, "feature without a value list"),
    BYTES(1, "bytes_list"),
    FLOAT(2, "float_list"),
    INT64(3, "int64_list");

    final int fieldNumber;
    final String protoName;

    Kind(int fieldNumber, String protoName) {
      this.fieldNumber = fieldNumber;
      this.protoName = protoName;
    }
  }

  final Kind kind;
  private long[] longs;
  private float[] floats;
  private byte[][] bytes;
  private int size;

  TfFeature(Kind kind) {
    this.kind = kind;
    switch (kind) {
      case INT64 -> longs = new long[1];
      case FLOAT -> floats = new float[1];
      case BYTES -> bytes = new byte[1][];
      case UNSET -> { }
    }
  }

  int size() {
    return size;
  }

  long longAt(int i) {
    return longs[i];
  }

  float floatAt(int i) {
    return floats[i];
  }

  byte[] bytesAt(int i) {
    return bytes[i];
  }

  void addLong(long v) {
    if (size == longs.length) {
      longs = Arrays.copyOf(longs, size * 2);
    }
    longs[size++] = v;
  }

  void addFloat(float v) {
    if (size == floats.length) {
      floats = Arrays.copyOf(floats, size * 2);
    }
    floats[size++] = v;
  }

  void addBytes(byte[] v) {
    if (size == bytes.length) {
      bytes = Arrays.copyOf(bytes, size * 2);
    }
    bytes[size++] = v;
  }
}
