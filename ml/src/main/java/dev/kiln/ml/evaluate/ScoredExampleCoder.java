package dev.kiln.ml.evaluate;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Map;
import java.util.TreeMap;
import org.apache.beam.sdk.coders.AtomicCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;

/** Binary coder of {@link ScoredExample}s: task, label, predictions, then the slice values. */
public final class ScoredExampleCoder extends AtomicCoder<ScoredExample> {
  private static final ScoredExampleCoder INSTANCE = new ScoredExampleCoder();
  private static final StringUtf8Coder TEXT = StringUtf8Coder.of();

  private ScoredExampleCoder() {}

  public static ScoredExampleCoder of() {
    return INSTANCE;
  }

  @Override
  public void encode(ScoredExample e, OutputStream out) throws IOException {
    DataOutputStream data = new DataOutputStream(out);
    data.writeByte(e.task().ordinal());
    data.writeDouble(e.label());
    data.writeInt(e.prediction().length);
    for (double p : e.prediction()) {
      data.writeDouble(p);
    }
    data.writeInt(e.slices().size());
    data.flush();
    for (Map.Entry<String, String> s : e.slices().entrySet()) {
      TEXT.encode(s.getKey(), out);
      TEXT.encode(s.getValue(), out);
    }
  }

  @Override
  public ScoredExample decode(InputStream in) throws IOException {
    DataInputStream data = new DataInputStream(in);
    ModelTask task = ModelTask.values()[data.readByte()];
    double label = data.readDouble();
    double[] prediction = new double[data.readInt()];
    for (int i = 0; i < prediction.length; i++) {
      prediction[i] = data.readDouble();
    }
    int slices = data.readInt();
    Map<String, String> values = new TreeMap<>();
    for (int i = 0; i < slices; i++) {
      values.put(TEXT.decode(in), TEXT.decode(in));
    }
    return new ScoredExample(task, label, prediction, values);
  }
}
