package dev.kiln.ml.transform;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import java.io.Serializable;
import java.util.List;

/**
 * The fitted operation of one feature. A scalar encoding maps a number to a number (DOUBLE output);
 * an index encoding maps a value to an index in {@code [0, indexSize())} (INT64 output, or one DOUBLE
 * column per index with one-hot).
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "op")
@JsonSubTypes({
    @JsonSubTypes.Type(value = Encoding.Identity.class, name = "none"),
    @JsonSubTypes.Type(value = Encoding.Standardize.class, name = "standardize"),
    @JsonSubTypes.Type(value = Encoding.MinMax.class, name = "minMax"),
    @JsonSubTypes.Type(value = Encoding.Bucketize.class, name = "bucketize"),
    @JsonSubTypes.Type(value = Encoding.Vocabulary.class, name = "vocabulary"),
    @JsonSubTypes.Type(value = Encoding.Hash.class, name = "hash")})
public sealed interface Encoding extends Serializable {

  /** The number of index values; 0 for a scalar encoding. */
  int indexSize();

  /** The number unchanged (a boolean as 0 or 1). */
  record Identity() implements Encoding {
    @Override public int indexSize() { return 0; }
    @Override public String toString() { return "as is"; }
  }

  /** {@code (x - mean) / std}; a std of 0 divides by 1. */
  record Standardize(@JsonProperty("mean") double mean, @JsonProperty("std") double std) implements Encoding {
    @Override public int indexSize() { return 0; }

    public double apply(double x) {
      return (x - mean) / (std == 0 ? 1 : std);
    }

    @Override public String toString() { return "standardize mean=" + mean + " std=" + std; }
  }

  /** {@code (x - min) / (max - min)}, not clipped; a range of 0 gives 0. */
  record MinMax(@JsonProperty("min") double min, @JsonProperty("max") double max) implements Encoding {
    @Override public int indexSize() { return 0; }

    public double apply(double x) {
      return max == min ? 0 : (x - min) / (max - min);
    }

    @Override public String toString() { return "minMax min=" + min + " max=" + max; }
  }

  /**
   * The bucket of {@code x}: the number of edges {@code <= x}. {@code edges} are strictly increasing
   * quantiles of the fit split (equal quantiles are kept once, so there may be fewer than
   * {@code buckets - 1} edges and the last buckets then stay empty).
   */
  record Bucketize(@JsonProperty("buckets") int buckets, @JsonProperty("edges") List<Double> edges) implements Encoding {
    public Bucketize {
      edges = List.copyOf(edges);
      if (edges.size() >= buckets) {
        throw new IllegalArgumentException("bucketize has " + edges.size() + " edges for " + buckets + " buckets");
      }
      for (int i = 1; i < edges.size(); i++) {
        if (!(edges.get(i - 1) < edges.get(i))) {
          throw new IllegalArgumentException("bucketize edges must increase strictly: " + edges);
        }
      }
    }

    @Override public int indexSize() { return buckets; }

    @Override public String toString() { return "bucketize " + buckets + " buckets, edges " + edges; }
  }

  /**
   * Vocabulary indices: {@code terms.get(i)} has index i (most frequent first, ties by value); any other
   * value has index {@code topK + floorMod(hash64(key), oovBuckets)}.
   */
  record Vocabulary(
      @JsonProperty("topK") int topK,
      @JsonProperty("oovBuckets") int oovBuckets,
      @JsonProperty("terms") List<Term> terms) implements Encoding {
    public Vocabulary {
      terms = List.copyOf(terms);
      if (terms.size() > topK || oovBuckets < 1) {
        throw new IllegalArgumentException("vocabulary has " + terms.size() + " terms for topK " + topK + " and " + oovBuckets + " oov buckets");
      }
    }

    @Override public int indexSize() { return topK + oovBuckets; }

    @Override public String toString() { return "vocabulary top " + topK + " + " + oovBuckets + " oov: " + terms; }
  }

  /** A vocabulary term: the value's key text and its count in the fit split (after imputation). */
  record Term(@JsonProperty("value") String value, @JsonProperty("count") long count) implements Serializable {
    @Override public String toString() { return value + " (" + count + ")"; }
  }

  /** {@code floorMod(StringHash.hash64(key), buckets)}: FNV-1a over the key's UTF-16 units, then MurmurHash3's fmix64. */
  record Hash(@JsonProperty("buckets") int buckets) implements Encoding {
    @Override public int indexSize() { return buckets; }

    @Override public String toString() { return "hash into " + buckets + " buckets (FNV-1a + fmix64)"; }
  }
}
