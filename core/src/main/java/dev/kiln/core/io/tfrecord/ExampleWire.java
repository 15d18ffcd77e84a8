package dev.kiln.core.io.tfrecord;

import com.google.protobuf.CodedInputStream;
import com.google.protobuf.CodedOutputStream;
import com.google.protobuf.WireFormat;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The protobuf wire format of {@code tf.train.Example}, written and read with protobuf-java's wire
 * primitives so that Kiln needs no generated TensorFlow classes:
 *
 * <pre>
 * Example  { Features features = 1; }
 * Features { map&lt;string, Feature&gt; feature = 1; }      // entries: { key = 1; value = 2; }
 * Feature  { oneof kind { BytesList bytes_list = 1; FloatList float_list = 2; Int64List int64_list = 3; } }
 * BytesList { repeated bytes value = 1; }  FloatList { repeated float value = 1 [packed]; }
 * Int64List { repeated int64 value = 1 [packed]; }
 * </pre>
 */
final class ExampleWire {
  private static final int LEN = WireFormat.WIRETYPE_LENGTH_DELIMITED;
  /** Tag of a length-delimited field 1 (protobuf's own makeTag is not public). */
  private static final int FIELD1_LEN = (1 << 3) | LEN;
  private static final int FIELD2_LEN = (2 << 3) | LEN;

  private ExampleWire() {}

  /** Serializes features in the given order; {@code keys[i]} is the UTF-8 name of {@code features.get(i)}. */
  static byte[] write(List<byte[]> keys, List<TfFeature> features) {
    int n = features.size();
    int[] listSizes = new int[n];
    int[] featureSizes = new int[n];
    int[] entrySizes = new int[n];
    int featuresSize = 0;
    for (int i = 0; i < n; i++) {
      TfFeature f = features.get(i);
      listSizes[i] = listSize(f);
      featureSizes[i] = lengthDelimitedSize(listSizes[i]);
      entrySizes[i] = lengthDelimitedSize(keys.get(i).length) + lengthDelimitedSize(featureSizes[i]);
      featuresSize += lengthDelimitedSize(entrySizes[i]);
    }
    byte[] out = new byte[lengthDelimitedSize(featuresSize)];
    CodedOutputStream cos = CodedOutputStream.newInstance(out);
    try {
      cos.writeTag(1, LEN);
      cos.writeUInt32NoTag(featuresSize);
      for (int i = 0; i < n; i++) {
        TfFeature f = features.get(i);
        cos.writeTag(1, LEN);
        cos.writeUInt32NoTag(entrySizes[i]);
        cos.writeTag(1, LEN);
        cos.writeByteArrayNoTag(keys.get(i));
        cos.writeTag(2, LEN);
        cos.writeUInt32NoTag(featureSizes[i]);
        cos.writeTag(f.kind.fieldNumber, LEN);
        cos.writeUInt32NoTag(listSizes[i]);
        writeList(cos, f);
      }
      cos.checkNoSpaceLeft();
    } catch (IOException e) {
      // Writing into a correctly sized array cannot fail; a failure here is a sizing bug.
      throw new UncheckedIOException("tf.train.Example size computation is wrong", e);
    }
    return out;
  }

  /** Size of a length-delimited field 1..15 (one tag byte) holding {@code contentSize} bytes. */
  private static int lengthDelimitedSize(int contentSize) {
    return 1 + CodedOutputStream.computeUInt32SizeNoTag(contentSize) + contentSize;
  }

  private static int packedContentSize(TfFeature f) {
    if (f.kind == TfFeature.Kind.FLOAT) {
      return 4 * f.size();
    }
    int size = 0;
    for (int i = 0; i < f.size(); i++) {
      size += CodedOutputStream.computeInt64SizeNoTag(f.longAt(i));
    }
    return size;
  }

  private static int listSize(TfFeature f) {
    if (f.size() == 0) {
      return 0;
    }
    if (f.kind == TfFeature.Kind.UNSET) {
      throw new IllegalArgumentException("cannot write a feature without a kind");
    }
    if (f.kind == TfFeature.Kind.BYTES) {
      int size = 0;
      for (int i = 0; i < f.size(); i++) {
        size += lengthDelimitedSize(f.bytesAt(i).length);
      }
      return size;
    }
    return lengthDelimitedSize(packedContentSize(f));
  }

  private static void writeList(CodedOutputStream cos, TfFeature f) throws IOException {
    if (f.size() == 0) {
      return;
    }
    if (f.kind == TfFeature.Kind.BYTES) {
      for (int i = 0; i < f.size(); i++) {
        cos.writeTag(1, LEN);
        cos.writeByteArrayNoTag(f.bytesAt(i));
      }
      return;
    }
    cos.writeTag(1, LEN);
    cos.writeUInt32NoTag(packedContentSize(f));
    for (int i = 0; i < f.size(); i++) {
      if (f.kind == TfFeature.Kind.FLOAT) {
        cos.writeFloatNoTag(f.floatAt(i));
      } else {
        cos.writeInt64NoTag(f.longAt(i));
      }
    }
  }

  /**
   * Parses a serialized Example into feature name to feature, in the order they appear.
   *
   * @throws IllegalArgumentException if the bytes are not a tf.train.Example
   */
  static Map<String, TfFeature> parse(byte[] example) {
    Map<String, TfFeature> features = new LinkedHashMap<>();
    try {
      CodedInputStream in = CodedInputStream.newInstance(example);
      for (int tag = in.readTag(); tag != 0; tag = in.readTag()) {
        if (tag == FIELD1_LEN) {
          int limit = in.pushLimit(in.readRawVarint32());
          parseFeatures(in, features);
          in.popLimit(limit);
        } else {
          in.skipField(tag);
        }
      }
    } catch (IOException e) {
      throw new IllegalArgumentException("not a tf.train.Example: " + e.getMessage(), e);
    }
    return features;
  }

  private static void parseFeatures(CodedInputStream in, Map<String, TfFeature> out) throws IOException {
    for (int tag = in.readTag(); tag != 0; tag = in.readTag()) {
      if (tag != FIELD1_LEN) {
        in.skipField(tag);
        continue;
      }
      int limit = in.pushLimit(in.readRawVarint32());
      String key = "";
      TfFeature value = null;
      for (int t = in.readTag(); t != 0; t = in.readTag()) {
        if (t == FIELD1_LEN) {
          key = new String(in.readByteArray(), StandardCharsets.UTF_8);
        } else if (t == FIELD2_LEN) {
          int featureLimit = in.pushLimit(in.readRawVarint32());
          value = parseFeature(in);
          in.popLimit(featureLimit);
        } else {
          in.skipField(t);
        }
      }
      in.popLimit(limit);
      out.put(key, value == null ? new TfFeature(TfFeature.Kind.UNSET) : value);
    }
  }

  /** A Feature with no list set (an empty message) has kind UNSET. */
  private static TfFeature parseFeature(CodedInputStream in) throws IOException {
    TfFeature feature = new TfFeature(TfFeature.Kind.UNSET);
    for (int tag = in.readTag(); tag != 0; tag = in.readTag()) {
      int field = WireFormat.getTagFieldNumber(tag);
      TfFeature.Kind kind = switch (field) {
        case 1 -> TfFeature.Kind.BYTES;
        case 2 -> TfFeature.Kind.FLOAT;
        case 3 -> TfFeature.Kind.INT64;
        default -> null;
      };
      if (kind == null || WireFormat.getTagWireType(tag) != LEN) {
        in.skipField(tag);
        continue;
      }
      feature = new TfFeature(kind);
      int limit = in.pushLimit(in.readRawVarint32());
      parseList(in, feature);
      in.popLimit(limit);
    }
    return feature;
  }

  private static void parseList(CodedInputStream in, TfFeature f) throws IOException {
    for (int tag = in.readTag(); tag != 0; tag = in.readTag()) {
      if (WireFormat.getTagFieldNumber(tag) != 1) {
        in.skipField(tag);
        continue;
      }
      int wireType = WireFormat.getTagWireType(tag);
      switch (f.kind) {
        case BYTES -> {
          if (wireType == LEN) {
            f.addBytes(in.readByteArray());
          } else {
            in.skipField(tag);
          }
        }
        case FLOAT -> {
          if (wireType == LEN) { // packed
            int limit = in.pushLimit(in.readRawVarint32());
            while (in.getBytesUntilLimit() > 0) {
              f.addFloat(in.readFloat());
            }
            in.popLimit(limit);
          } else if (wireType == WireFormat.WIRETYPE_FIXED32) {
            f.addFloat(in.readFloat());
          } else {
            in.skipField(tag);
          }
        }
        case INT64 -> {
          if (wireType == LEN) { // packed
            int limit = in.pushLimit(in.readRawVarint32());
            while (in.getBytesUntilLimit() > 0) {
              f.addLong(in.readInt64());
            }
            in.popLimit(limit);
          } else if (wireType == WireFormat.WIRETYPE_VARINT) {
            f.addLong(in.readInt64());
          } else {
            in.skipField(tag);
          }
        }
      }
    }
  }
}
