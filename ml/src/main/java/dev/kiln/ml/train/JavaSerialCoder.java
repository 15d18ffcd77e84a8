package dev.kiln.ml.train;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.OutputStream;
import java.io.Serializable;
import org.apache.beam.sdk.coders.CoderException;
import org.apache.beam.sdk.coders.CustomCoder;

/**
 * Java serialization for the trainer's few small single-element values (label summaries, encodings,
 * Newton states, fit measures). Unlike Beam's SerializableCoder it compares values by their encoded
 * bytes, so the DirectRunner's mutation checks work without {@code equals} on every class.
 */
final class JavaSerialCoder<T extends Serializable> extends CustomCoder<T> {
  private final Class<T> type;

  private JavaSerialCoder(Class<T> type) {
    this.type = type;
  }

  static <T extends Serializable> JavaSerialCoder<T> of(Class<T> type) {
    return new JavaSerialCoder<>(type);
  }

  @Override
  public void encode(T value, OutputStream out) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ObjectOutputStream o = new ObjectOutputStream(bytes)) {
      o.writeObject(value);
    }
    DataOutputStream data = new DataOutputStream(out);
    data.writeInt(bytes.size());
    bytes.writeTo(data);
    data.flush();
  }

  @Override
  public T decode(InputStream in) throws IOException {
    DataInputStream data = new DataInputStream(in);
    byte[] bytes = new byte[data.readInt()];
    data.readFully(bytes);
    try (ObjectInputStream o = new ObjectInputStream(new ByteArrayInputStream(bytes))) {
      return type.cast(o.readObject());
    } catch (ClassNotFoundException e) {
      throw new CoderException("cannot decode a " + type.getSimpleName(), e);
    }
  }
}
