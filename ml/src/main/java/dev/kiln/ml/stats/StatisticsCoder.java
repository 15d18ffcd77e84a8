package dev.kiln.ml.stats;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import org.apache.beam.sdk.coders.AtomicCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;

/** Encodes {@link Statistics} as their canonical JSON, so equal statistics encode to equal bytes. */
public final class StatisticsCoder extends AtomicCoder<Statistics> {
  private static final StatisticsCoder INSTANCE = new StatisticsCoder();
  private static final StringUtf8Coder TEXT = StringUtf8Coder.of();

  private StatisticsCoder() {}

  public static StatisticsCoder of() {
    return INSTANCE;
  }

  @Override
  public void encode(Statistics value, OutputStream out) throws IOException {
    TEXT.encode(StatisticsJson.toJson(value), out);
  }

  @Override
  public Statistics decode(InputStream in) throws IOException {
    return StatisticsJson.fromJson(TEXT.decode(in));
  }

  @Override
  public void verifyDeterministic() {}
}
