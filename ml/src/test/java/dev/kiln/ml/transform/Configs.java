package dev.kiln.ml.transform;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

/** Reads a {@code preprocess} config written in YAML, as the pipeline loader would. */
final class Configs {
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  private Configs() {}

  static PreprocessConfig yaml(String text) {
    try {
      return YAML.readValue(text, PreprocessConfig.class);
    } catch (java.io.IOException e) {
      throw new IllegalArgumentException(e);
    }
  }
}
