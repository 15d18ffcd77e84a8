package dev.kiln.ml.evaluate;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import org.apache.beam.sdk.coders.AtomicCoder;

/** Binary coder of {@link MetricsAccumulator}s; histograms travel sparse (only filled buckets). */
public final class MetricsAccumulatorCoder extends AtomicCoder<MetricsAccumulator> {
  private static final MetricsAccumulatorCoder INSTANCE = new MetricsAccumulatorCoder();

  private MetricsAccumulatorCoder() {}

  public static MetricsAccumulatorCoder of() {
    return INSTANCE;
  }

  @Override
  public void encode(MetricsAccumulator value, OutputStream out) throws IOException {
    // No buffering wrapper: a wrapper must not read ahead of this value on decode.
    value.encode(new DataOutputStream(out));
  }

  @Override
  public MetricsAccumulator decode(InputStream in) throws IOException {
    return MetricsAccumulator.decode(new DataInputStream(in));
  }
}
