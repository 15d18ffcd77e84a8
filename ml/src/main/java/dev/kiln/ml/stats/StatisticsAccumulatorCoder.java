package dev.kiln.ml.stats;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import org.apache.beam.sdk.coders.AtomicCoder;

/** Binary coder of {@link StatisticsAccumulator}s (the sketches' own compact layouts). */
public final class StatisticsAccumulatorCoder extends AtomicCoder<StatisticsAccumulator> {
  private static final StatisticsAccumulatorCoder INSTANCE = new StatisticsAccumulatorCoder();

  private StatisticsAccumulatorCoder() {}

  public static StatisticsAccumulatorCoder of() {
    return INSTANCE;
  }

  @Override
  public void encode(StatisticsAccumulator value, OutputStream out) throws IOException {
    // No buffering wrapper: Beam hands a buffered stream, and a wrapper must not read ahead on decode.
    value.encode(new DataOutputStream(out));
  }

  @Override
  public StatisticsAccumulator decode(InputStream in) throws IOException {
    return StatisticsAccumulator.decode(new DataInputStream(in));
  }
}
