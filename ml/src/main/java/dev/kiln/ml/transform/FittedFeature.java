package dev.kiln.ml.transform;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.io.Serializable;
import java.util.List;
import java.util.Objects;
import org.apache.beam.sdk.schemas.Schema;

/**
 * One feature of a {@link TransformGraph}: where its values come from, how missing ones are filled,
 * its fitted operation, and whether an index is one-hot encoded.
 *
 * @param name the source column (raw or derived), which also names the output column(s)
 * @param kind the kind of the source values
 * @param imputation the fill for missing values, or null to leave them missing
 * @param encoding the fitted operation
 * @param oneHot whether a trainer reads the index as {@code indexSize} one-hot terms (the column
 *     itself stays one INT64 index)
 */
public record FittedFeature(
    @JsonProperty("name") String name,
    @JsonProperty("kind") ValueKind kind,
    @JsonProperty("imputation") Imputation imputation,
    @JsonProperty("encoding") Encoding encoding,
    @JsonProperty("oneHot") boolean oneHot) implements Serializable {

  public FittedFeature {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(encoding, "encoding");
    if (oneHot && encoding.indexSize() == 0) {
      throw new IllegalArgumentException("feature '" + name + "': one-hot needs an index encoding, not " + encoding);
    }
  }

  /** The output field of this feature: nullable unless missing values are imputed. */
  public List<Schema.Field> outputFields() {
    return OutputColumns.of(name, encoding.indexSize(), imputation == null);
  }
}
