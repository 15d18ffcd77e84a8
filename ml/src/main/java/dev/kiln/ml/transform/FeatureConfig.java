package dev.kiln.ml.transform;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;

/**
 * What to do with one feature, as written under {@code with.features.<column>}: an optional
 * imputation, at most one operation, and {@code oneHot} for operations that give an index.
 * A number with no operation passes as a DOUBLE (after imputation).
 *
 * @param impute how missing values are filled; null leaves them missing (the output is then nullable)
 * @param standardize z-score: (x - mean) / std, with the population std (a std of 0 divides by 1)
 * @param minMax (x - min) / (max - min), not clipped (a range of 0 gives 0)
 * @param bucketize the index of the quantile bucket
 * @param vocabulary the index of the value among the most frequent ones, or an out-of-vocabulary index
 * @param hash the index {@code hash64(value) mod buckets}
 * @param oneHot whether trainers read the index as one-hot terms (the column stays one INT64 index)
 */
public record FeatureConfig(
    @JsonProperty("impute") Impute impute,
    @JsonProperty("standardize") Boolean standardize,
    @JsonProperty("minMax") Boolean minMax,
    @JsonProperty("bucketize") Bucketize bucketize,
    @JsonProperty("vocabulary") Vocabulary vocabulary,
    @JsonProperty("hash") Hash hash,
    @JsonProperty("oneHot") Boolean oneHot) implements Serializable {

  public FeatureConfig {
    standardize = Boolean.TRUE.equals(standardize);
    minMax = Boolean.TRUE.equals(minMax);
    oneHot = Boolean.TRUE.equals(oneHot);
    List<String> ops = new ArrayList<>();
    if (standardize) {
      ops.add("standardize");
    }
    if (minMax) {
      ops.add("minMax");
    }
    if (bucketize != null) {
      ops.add("bucketize");
    }
    if (vocabulary != null) {
      ops.add("vocabulary");
    }
    if (hash != null) {
      ops.add("hash");
    }
    if (ops.size() > 1) {
      throw new IllegalArgumentException("a feature takes one operation, not " + String.join(" and ", ops)
          + "; derive a second column to transform one value two ways");
    }
    if (oneHot && bucketize == null && vocabulary == null && hash == null) {
      throw new IllegalArgumentException("oneHot needs an index to encode: add vocabulary: { topK: N }, bucketize: { buckets: N } or hash: { buckets: N }");
    }
  }

  /** The name of the feature's operation, or "none". */
  public String operation() {
    if (standardize) {
      return "standardize";
    }
    if (minMax) {
      return "minMax";
    }
    if (bucketize != null) {
      return "bucketize";
    }
    if (vocabulary != null) {
      return "vocabulary";
    }
    return hash != null ? "hash" : "none";
  }

  /** Whether the operation gives an index (bucket, vocabulary or hash) rather than a number. */
  public boolean givesIndex() {
    return bucketize != null || vocabulary != null || hash != null;
  }

  /** The number of index values (and of one-hot columns), or 0 when the operation gives a number. */
  public int indexSize() {
    if (bucketize != null) {
      return bucketize.buckets();
    }
    if (vocabulary != null) {
      return vocabulary.topK() + vocabulary.oovBuckets();
    }
    return hash != null ? hash.buckets() : 0;
  }

  /** {@code bucketize: { buckets: k }}: k buckets between the quantiles at 1/k, 2/k, ... of the fit split. */
  public record Bucketize(@JsonProperty("buckets") Integer buckets) implements Serializable {
    public Bucketize {
      if (buckets == null) {
        throw new IllegalArgumentException("bucketize.buckets is missing, e.g. bucketize: { buckets: 10 }");
      }
      if (buckets < 2 || buckets > 10_000) {
        throw new IllegalArgumentException("bucketize.buckets must be between 2 and 10000, not " + buckets);
      }
    }
  }

  /**
   * {@code vocabulary: { topK: k, oovBuckets: n }}: the k most frequent values get indices 0..k-1 (most
   * frequent first, ties by value); any other value gets an index in k..k+n-1 by its hash.
   */
  public record Vocabulary(@JsonProperty("topK") Integer topK, @JsonProperty("oovBuckets") Integer oovBuckets)
      implements Serializable {
    public Vocabulary {
      if (topK == null) {
        throw new IllegalArgumentException("vocabulary.topK is missing: how many of the most frequent values to keep, e.g. topK: 20");
      }
      if (topK < 1 || topK > 100_000) {
        throw new IllegalArgumentException("vocabulary.topK must be between 1 and 100000, not " + topK);
      }
      oovBuckets = oovBuckets == null ? 1 : oovBuckets;
      if (oovBuckets < 1 || oovBuckets > 10_000) {
        throw new IllegalArgumentException("vocabulary.oovBuckets must be between 1 and 10000, not " + oovBuckets);
      }
    }
  }

  /** {@code hash: { buckets: n }}: the index {@code floorMod(StringHash.hash64(value), n)}. */
  public record Hash(@JsonProperty("buckets") Integer buckets) implements Serializable {
    public Hash {
      if (buckets == null) {
        throw new IllegalArgumentException("hash.buckets is missing, e.g. hash: { buckets: 16 }");
      }
      if (buckets < 1 || buckets > 1_000_000) {
        throw new IllegalArgumentException("hash.buckets must be between 1 and 1000000, not " + buckets);
      }
    }
  }
}
