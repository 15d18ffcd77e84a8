package dev.kiln.ml.evaluate;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import org.apache.beam.sdk.coders.AtomicCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;

/** Encodes {@link EvaluationMetrics} as the Metrics document's JSON. */
public final class EvaluationMetricsCoder extends AtomicCoder<EvaluationMetrics> {
  private static final EvaluationMetricsCoder INSTANCE = new EvaluationMetricsCoder();
  private static final StringUtf8Coder TEXT = StringUtf8Coder.of();

  private EvaluationMetricsCoder() {}

  public static EvaluationMetricsCoder of() {
    return INSTANCE;
  }

  @Override
  public void encode(EvaluationMetrics value, OutputStream out) throws IOException {
    TEXT.encode(value.toJson(), out);
  }

  @Override
  public EvaluationMetrics decode(InputStream in) throws IOException {
    return EvaluationMetrics.fromJson(TEXT.decode(in));
  }

  @Override
  public void verifyDeterministic() {}
}
