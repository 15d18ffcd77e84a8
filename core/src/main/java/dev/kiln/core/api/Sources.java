package dev.kiln.core.api;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** Source steps: files outside Kiln read into a dataset. */
public final class Sources {
  private Sources() {}

  /** {@code csv}: CSV files with a header row; types inferred, malformed rows to the {@code rejected} output. */
  public static StepDefinition csv(String path) {
    return new StepDefinition("csv", null, path(path), null, null);
  }

  /** {@code csv} with the settings of a YAML {@code with:} block (path, delimiter, schema, required, maxRejectedShare, sampleRows). */
  public static StepDefinition csv(ObjectNode config) {
    return new StepDefinition("csv", null, config, null, null);
  }

  /** {@code json}: JSON Lines or a JSON array of objects; types inferred, bad records to {@code rejected}. */
  public static StepDefinition json(String path) {
    return new StepDefinition("json", null, path(path), null, null);
  }

  /** {@code json} with the settings of a YAML {@code with:} block (path, schema, required, maxRejectedShare, sampleRows). */
  public static StepDefinition json(ObjectNode config) {
    return new StepDefinition("json", null, config, null, null);
  }

  /** {@code parquet}: Parquet files; columns from the files, records missing a required value to {@code rejected}. */
  public static StepDefinition parquet(String path) {
    return new StepDefinition("parquet", null, path(path), null, null);
  }

  /** {@code avro}: Avro container files written by any tool. */
  public static StepDefinition avro(String path) {
    return new StepDefinition("avro", null, path(path), null, null);
  }

  /** {@code tfrecord}: TFRecord files of tf.train.Example, gzip or plain. */
  public static StepDefinition tfrecord(String path) {
    return new StepDefinition("tfrecord", null, path(path), null, null);
  }

  private static ObjectNode path(String path) {
    return JsonNodeFactory.instance.objectNode().put("path", path);
  }
}
