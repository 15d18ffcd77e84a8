package dev.kiln.ml.api;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * How {@link Preprocess} transforms one column: imputation, then one numeric transformation or one
 * encoding, and optionally one-hot. One {@code with…} method per setting of {@link
 * dev.kiln.ml.transform.FeatureConfig}; the combination is checked when the pipeline is resolved.
 *
 * <p>Example of use:
 *
 * <pre>{@code
 * Feature.of().withImputeMean().withStandardize()
 * Feature.of().withVocabulary(10, 1).withOneHot()
 * }</pre>
 */
public final class Feature {
  private final ObjectNode settings;

  private Feature(ObjectNode settings) {
    this.settings = settings;
  }

  /** A feature with no transformation yet. */
  public static Feature of() {
    return new Feature(JsonNodeFactory.instance.objectNode());
  }

  private Feature set(String key, Object value) {
    ObjectNode s = settings.deepCopy();
    s.set(key, dev.kiln.core.spec.CanonicalJson.MAPPER.valueToTree(value));
    return new Feature(s);
  }

  public Feature withImputeMean() {
    return set("impute", "mean");
  }

  public Feature withImputeMedian() {
    return set("impute", "median");
  }

  public Feature withImputeMostFrequent() {
    return set("impute", "mostFrequent");
  }

  /** Missing values become {@code value} (a number, text or boolean). */
  public Feature withImputeConstant(Object value) {
    return set("impute", java.util.Map.of("constant", value));
  }

  /** (x − mean) / standard deviation, fitted on the fit split. */
  public Feature withStandardize() {
    return set("standardize", true);
  }

  /** Scaled to [0, 1] by the fitted min and max. */
  public Feature withMinMax() {
    return set("minMax", true);
  }

  /** Quantile buckets. */
  public Feature withBucketize(int buckets) {
    return set("bucketize", java.util.Map.of("buckets", buckets));
  }

  /** The {@code topK} most frequent values get an index; the rest share {@code oovBuckets} buckets. */
  public Feature withVocabulary(int topK, int oovBuckets) {
    return set("vocabulary", java.util.Map.of("topK", topK, "oovBuckets", oovBuckets));
  }

  /** The {@code topK} most frequent values get an index. */
  public Feature withVocabulary(int topK) {
    return set("vocabulary", java.util.Map.of("topK", topK));
  }

  /** Values hashed into {@code buckets} indexes. */
  public Feature withHash(int buckets) {
    return set("hash", java.util.Map.of("buckets", buckets));
  }

  /** The index becomes a one-hot vector (one INT64 index column in the dataset). */
  public Feature withOneHot() {
    return set("oneHot", true);
  }

  /** The settings as YAML writes them under {@code features: { column: ... }}. */
  public ObjectNode settings() {
    return settings.deepCopy();
  }
}
