package dev.kiln.core.api;

import java.util.Map;

/**
 * The {@code avro} source step: Avro container files written by any tool. Its one setting, {@code path}, is given to {@link #read}.
 *
 * <p>Example of use:
 *
 * <pre>{@code
 * DatasetOutputs rows = pipeline.add("rows", Avro.read("data/part-*"));
 * }</pre>
 */
public final class Avro extends KilnStep<Avro, DatasetOutputs> {
  private Avro(State state) {
    super(state);
  }

  /** Reads {@code path}: a file or glob, relative to the project folder. */
  public static Avro read(String path) {
    return new Avro(State.of("avro", Map.of()).set("path", path));
  }

  @Override
  protected Avro with(State next) {
    return new Avro(next);
  }

  @Override
  protected DatasetOutputs outputs(String stepName) {
    return new DatasetOutputs(stepName);
  }
}
