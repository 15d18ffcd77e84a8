package dev.kiln.core.artifact;

import dev.kiln.core.fingerprint.Sha256;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.Serializable;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import org.apache.beam.sdk.coders.CannotProvideCoderException;
import org.apache.beam.sdk.coders.Coder;
import org.apache.beam.sdk.coders.CoderRegistry;
import org.apache.beam.sdk.coders.CustomCoder;
import org.apache.beam.sdk.coders.SerializableCoder;
import org.apache.beam.sdk.schemas.Schema;
import org.apache.beam.sdk.schemas.Schema.FieldType;
import org.apache.beam.sdk.transforms.Combine;
import org.apache.beam.sdk.values.Row;

/**
 * The content fingerprint of a set of rows, independent of record order, sharding and runner.
 *
 * <p>Every row is hashed to 128 bits from its values ({@link RowHasher}); the two 64-bit lanes are
 * summed modulo 2<sup>64</sup> over all rows, together with the row count. Addition is commutative
 * and associative, so any split of the rows into bundles and any merge order give the same sums.
 * The result is {@code sha256(version, canonical schema, count, lane sums)} in hex. Sums, unlike
 * XOR, do not cancel duplicate rows.
 *
 * <p>Use it as a {@link Combine} in the pass that writes the data, or on an in-memory collection
 * with {@link #of(Iterable)}.
 */
public final class RowFingerprint extends Combine.CombineFn<Row, RowFingerprint.Accumulator, RowFingerprint.Digest> {
  private static final long serialVersionUID = 1L;
  /** Changes whenever the hashing changes, so old and new fingerprints never compare equal. */
  private static final String VERSION = "kiln-rows-v1";

  private final String canonicalSchema;

  private RowFingerprint(Schema schema) {
    this.canonicalSchema = canonical(schema);
  }

  /** The fingerprint function for rows of {@code schema}. */
  public static RowFingerprint forSchema(Schema schema) {
    return new RowFingerprint(schema);
  }

  /** Fingerprint of an in-memory collection of rows of {@code schema}. */
  public Digest of(Iterable<Row> rows) {
    Accumulator acc = createAccumulator();
    for (Row row : rows) {
      acc = addInput(acc, row);
    }
    return extractOutput(acc);
  }

  /** Record count and fingerprint of a set of rows. */
  public record Digest(long records, String fingerprint) implements Serializable {}

  /** Running sums; mutable because Beam's combiners reuse accumulators. */
  public static final class Accumulator {
    long count;
    long laneA;
    long laneB;
  }

  /** Sums that were taken elsewhere (one file's rows, see {@link BundleFile}), to be merged. */
  static Accumulator accumulator(long count, long laneA, long laneB) {
    Accumulator acc = new Accumulator();
    acc.count = count;
    acc.laneA = laneA;
    acc.laneB = laneB;
    return acc;
  }

  static long count(Accumulator acc) {
    return acc.count;
  }

  static long laneA(Accumulator acc) {
    return acc.laneA;
  }

  static long laneB(Accumulator acc) {
    return acc.laneB;
  }

  @Override
  public Accumulator createAccumulator() {
    return new Accumulator();
  }

  @Override
  public Accumulator addInput(Accumulator acc, Row row) {
    long[] lanes = new long[2];
    RowHasher.hash(row, lanes);
    acc.count++;
    acc.laneA += lanes[0];
    acc.laneB += lanes[1];
    return acc;
  }

  @Override
  public Accumulator mergeAccumulators(Iterable<Accumulator> accumulators) {
    Accumulator merged = new Accumulator();
    for (Accumulator a : accumulators) {
      merged.count += a.count;
      merged.laneA += a.laneA;
      merged.laneB += a.laneB;
    }
    return merged;
  }

  @Override
  public Digest extractOutput(Accumulator acc) {
    MessageDigest sha = Sha256.newDigest();
    sha.update((VERSION + "\n" + canonicalSchema + "\n").getBytes(StandardCharsets.UTF_8));
    sha.update(ByteBuffer.allocate(24).putLong(acc.count).putLong(acc.laneA).putLong(acc.laneB).array());
    return new Digest(acc.count, Sha256.hex(sha));
  }

  @Override
  public Coder<Accumulator> getAccumulatorCoder(CoderRegistry registry, Coder<Row> inputCoder) {
    return new AccumulatorCoder();
  }

  @Override
  public Coder<Digest> getDefaultOutputCoder(CoderRegistry registry, Coder<Row> inputCoder)
      throws CannotProvideCoderException {
    return SerializableCoder.of(Digest.class);
  }

  /**
   * The schema as the fingerprint sees it: field names, types and nullability in field order. Own
   * format rather than Beam's toString, which may change between Beam versions and carries options.
   */
  static String canonical(Schema schema) {
    StringBuilder sb = new StringBuilder("{");
    for (int i = 0; i < schema.getFieldCount(); i++) {
      Schema.Field f = schema.getField(i);
      if (i > 0) {
        sb.append(',');
      }
      sb.append(f.getName()).append(':');
      canonical(f.getType(), sb);
    }
    return sb.append('}').toString();
  }

  private static void canonical(FieldType type, StringBuilder sb) {
    switch (type.getTypeName()) {
      case ARRAY, ITERABLE -> {
        sb.append(type.getTypeName()).append('<');
        canonical(type.getCollectionElementType(), sb);
        sb.append('>');
      }
      case MAP -> {
        sb.append("MAP<");
        canonical(type.getMapKeyType(), sb);
        sb.append(',');
        canonical(type.getMapValueType(), sb);
        sb.append('>');
      }
      case ROW -> sb.append("ROW").append(canonical(type.getRowSchema()));
      case LOGICAL_TYPE -> {
        sb.append("LOGICAL<").append(type.getLogicalType().getIdentifier()).append(',');
        canonical(type.getLogicalType().getBaseType(), sb);
        sb.append('>');
      }
      default -> sb.append(type.getTypeName());
    }
    if (type.getNullable()) {
      sb.append('?');
    }
  }

  /** Three big-endian longs. */
  private static final class AccumulatorCoder extends CustomCoder<Accumulator> {
    private static final long serialVersionUID = 1L;

    @Override
    public void encode(Accumulator value, OutputStream out) throws IOException {
      DataOutputStream data = new DataOutputStream(out);
      data.writeLong(value.count);
      data.writeLong(value.laneA);
      data.writeLong(value.laneB);
      data.flush();
    }

    @Override
    public Accumulator decode(InputStream in) throws IOException {
      DataInputStream data = new DataInputStream(in);
      Accumulator acc = new Accumulator();
      acc.count = data.readLong();
      acc.laneA = data.readLong();
      acc.laneB = data.readLong();
      return acc;
    }

    @Override
    public void verifyDeterministic() {}
  }
}
