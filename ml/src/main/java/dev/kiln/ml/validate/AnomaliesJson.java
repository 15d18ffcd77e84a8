package dev.kiln.ml.validate;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.kiln.core.spec.CanonicalJson;

/** {@link AnomaliesDocument} to and from canonical JSON (sorted keys, no whitespace, nulls left out). */
public final class AnomaliesJson {
  private static final ObjectMapper MAPPER =
      CanonicalJson.MAPPER.copy()
          .setSerializationInclusion(JsonInclude.Include.NON_NULL)
          .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, true);

  private AnomaliesJson() {}

  public static String toJson(AnomaliesDocument document) {
    return CanonicalJson.of(MAPPER.valueToTree(document));
  }

  /**
   * Reads what {@link #toJson} wrote.
   *
   * @throws IllegalArgumentException when the text is not an anomalies document of a known format
   */
  public static AnomaliesDocument fromJson(String json) {
    AnomaliesDocument d;
    try {
      d = MAPPER.readValue(json, AnomaliesDocument.class);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("anomalies JSON: " + e.getOriginalMessage(), e);
    }
    if (d.format() != AnomaliesDocument.FORMAT) {
      throw new IllegalArgumentException("anomalies JSON has format " + d.format() + "; this Kiln reads format "
          + AnomaliesDocument.FORMAT);
    }
    return d;
  }
}
