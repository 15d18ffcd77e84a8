package dev.kiln.ml.model;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import org.apache.beam.sdk.coders.AtomicCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;

/**
 * Encodes a {@link ModelDocument} as its canonical JSON, so what travels between workers is exactly
 * the Model artifact a pipeline commits (and equal models encode to equal bytes).
 */
public final class ModelDocumentCoder extends AtomicCoder<ModelDocument> {
  private static final ModelDocumentCoder INSTANCE = new ModelDocumentCoder();
  private static final StringUtf8Coder TEXT = StringUtf8Coder.of();

  private ModelDocumentCoder() {}

  public static ModelDocumentCoder of() {
    return INSTANCE;
  }

  @Override
  public void encode(ModelDocument value, OutputStream out) throws IOException {
    TEXT.encode(value.toJson(), out);
  }

  @Override
  public ModelDocument decode(InputStream in) throws IOException {
    return ModelDocument.fromJson(TEXT.decode(in));
  }

  @Override
  public void verifyDeterministic() {}
}
