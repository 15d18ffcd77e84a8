package dev.kiln.core.artifact;

import java.util.Arrays;

/** The file format of a Dataset artifact. */
public enum DatasetFormat {
  /** Avro container files of the rows' Avro schema. */
  AVRO("avro", ".avro"),
  /** TFRecord files of serialized {@code tf.train.Example}s. */
  TFRECORD("tfrecord", ".tfrecord");

  private final String id;
  private final String extension;

  DatasetFormat(String id, String extension) {
    this.id = id;
    this.extension = extension;
  }

  /** The name used in manifests and pipeline files: "avro" or "tfrecord". */
  public String id() {
    return id;
  }

  /** File name extension including the dot. */
  public String extension() {
    return extension;
  }

  /**
   * The format named {@code id}.
   *
   * @throws IllegalArgumentException naming the known formats
   */
  public static DatasetFormat of(String id) {
    for (DatasetFormat f : values()) {
      if (f.id.equals(id)) {
        return f;
      }
    }
    throw new IllegalArgumentException(
        "unknown dataset format '" + id + "'; known are " + Arrays.stream(values()).map(DatasetFormat::id).toList());
  }
}
