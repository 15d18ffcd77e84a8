package dev.kiln.ml.transform;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import org.apache.beam.sdk.coders.AtomicCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;

/** Encodes a {@link TransformGraph} as its canonical JSON, so what travels is exactly what is committed. */
public final class TransformGraphCoder extends AtomicCoder<TransformGraph> {
  private static final TransformGraphCoder INSTANCE = new TransformGraphCoder();
  private static final StringUtf8Coder TEXT = StringUtf8Coder.of();

  private TransformGraphCoder() {}

  public static TransformGraphCoder of() {
    return INSTANCE;
  }

  @Override
  public void encode(TransformGraph value, OutputStream out) throws IOException {
    TEXT.encode(value.toJson(), out);
  }

  @Override
  public TransformGraph decode(InputStream in) throws IOException {
    return TransformGraph.fromJson(TEXT.decode(in));
  }

  @Override
  public void verifyDeterministic() {}
}
