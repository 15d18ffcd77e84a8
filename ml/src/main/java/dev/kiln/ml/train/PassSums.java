package dev.kiln.ml.train;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import org.apache.beam.sdk.coders.AtomicCoder;
import org.apache.beam.sdk.transforms.Combine;

/**
 * One distributed training pass's sums together with the optimizer state they were summed at.
 *
 * <p>Why the state travels with the sums: the step that moves the optimizer needs both. Were it to read
 * the state as a side input of its own, every pass would both consume the state (the sums' side input)
 * and pass it around the sums (the step's side input): a diamond per pass, and 2<sup>passes</sup> paths
 * through the unrolled job. Flink's planners walk every path (the DataSet optimizer, and the DataStream
 * graph's transitive predecessors), so 20 passes never finished planning. Carried here, the state
 * reaches the next pass along one path only.
 *
 * <p>Every bundle of a pass reads the same state, so merging keeps any one of them (the first present):
 * the result does not depend on the order of bundles.
 */
final class PassSums {
  /** The state the sums were computed at; null only in a combine's empty accumulator. */
  final LbfgsState state;
  final GradientSums sums;

  PassSums(LbfgsState state, GradientSums sums) {
    this.state = state;
    this.sums = sums;
  }

  static PassSums empty() {
    return new PassSums(null, GradientSums.empty());
  }

  /** Adds {@code other}'s sums into these; the state is either's (they are the same). */
  PassSums merge(PassSums other) {
    sums.merge(other.sums);
    return state != null ? this : new PassSums(other.state, sums);
  }

  /** The optimizer's state after this pass. */
  LbfgsState next() {
    if (state == null) {
      throw new IllegalStateException("a training pass produced sums without the state they were summed at");
    }
    return state.next(sums);
  }

  /** Adds a pass's bundle sums; the combine needs no default, since every pass has at least one bundle. */
  static final class AddFn extends Combine.CombineFn<PassSums, PassSums, PassSums> {
    @Override
    public PassSums createAccumulator() {
      return empty();
    }

    @Override
    public PassSums addInput(PassSums acc, PassSums input) {
      return acc.merge(input);
    }

    @Override
    public PassSums mergeAccumulators(Iterable<PassSums> accs) {
      PassSums out = empty();
      for (PassSums a : accs) {
        out = out.merge(a);
      }
      return out;
    }

    @Override
    public PassSums extractOutput(PassSums acc) {
      return acc;
    }

    @Override
    public org.apache.beam.sdk.coders.Coder<PassSums> getAccumulatorCoder(
        org.apache.beam.sdk.coders.CoderRegistry registry, org.apache.beam.sdk.coders.Coder<PassSums> input) {
      return Coder.of();
    }

    @Override
    public org.apache.beam.sdk.coders.Coder<PassSums> getDefaultOutputCoder(
        org.apache.beam.sdk.coders.CoderRegistry registry, org.apache.beam.sdk.coders.Coder<PassSums> input) {
      return Coder.of();
    }
  }

  /** Whether there is a state, the state (Java serialization), then the sums. */
  static final class Coder extends AtomicCoder<PassSums> {
    private static final Coder INSTANCE = new Coder();
    private static final JavaSerialCoder<LbfgsState> STATE = JavaSerialCoder.of(LbfgsState.class);

    static Coder of() {
      return INSTANCE;
    }

    @Override
    public void encode(PassSums p, OutputStream out) throws IOException {
      DataOutputStream data = new DataOutputStream(out);
      data.writeBoolean(p.state != null);
      data.flush();
      if (p.state != null) {
        STATE.encode(p.state, out);
      }
      GradientSums.Coder.of().encode(p.sums, out);
    }

    @Override
    public PassSums decode(InputStream in) throws IOException {
      boolean hasState = new DataInputStream(in).readBoolean();
      LbfgsState state = hasState ? STATE.decode(in) : null;
      return new PassSums(state, GradientSums.Coder.of().decode(in));
    }

    @Override
    public void verifyDeterministic() {}
  }
}
