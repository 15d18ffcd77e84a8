package dev.kiln.ml.validate;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;

/**
 * The Anomalies artifact: what the validator found, in {@link Anomaly#ORDER}, and which splits it
 * checked. {@link AnomaliesJson} writes it as canonical JSON.
 *
 * @param format the document version, {@link #FORMAT}
 * @param splits the splits checked, sorted ({@code ""} for an unsplit dataset)
 * @param anomalies the findings, sorted; empty when the data is valid
 */
public record AnomaliesDocument(
    @JsonProperty("format") int format,
    @JsonProperty("splits") List<String> splits,
    @JsonProperty("anomalies") List<Anomaly> anomalies)
    implements Serializable {
  /** The current document version. */
  public static final int FORMAT = 1;

  public AnomaliesDocument {
    splits = List.copyOf(splits).stream().sorted().toList();
    List<Anomaly> sorted = new ArrayList<>(anomalies);
    sorted.sort(Anomaly.ORDER);
    anomalies = List.copyOf(sorted);
  }

  public static AnomaliesDocument of(List<String> splits, List<Anomaly> anomalies) {
    return new AnomaliesDocument(FORMAT, splits, anomalies);
  }

  /** Whether nothing was found. */
  @JsonIgnore
  public boolean isEmpty() {
    return anomalies.isEmpty();
  }
}
