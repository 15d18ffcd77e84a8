package dev.kiln.ml.stats;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.kiln.core.spec.CanonicalJson;

/**
 * {@link Statistics} to and from canonical JSON: keys sorted at every level, no whitespace, null
 * members left out. Equal statistics give equal text, so its sha256 can serve as the artifact's
 * fingerprint.
 */
public final class StatisticsJson {
  private static final ObjectMapper MAPPER =
      CanonicalJson.MAPPER.copy()
          .setSerializationInclusion(JsonInclude.Include.NON_NULL)
          .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, true)
          .configure(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES, true)
          .configure(DeserializationFeature.FAIL_ON_MISSING_CREATOR_PROPERTIES, false);

  private StatisticsJson() {}

  public static String toJson(Statistics statistics) {
    return CanonicalJson.of(MAPPER.valueToTree(statistics));
  }

  /** The canonical JSON of a statistics document (every split). */
  public static String toJson(StatisticsDocument document) {
    return CanonicalJson.of(MAPPER.valueToTree(document));
  }

  /**
   * Reads a statistics document written by {@link #toJson(StatisticsDocument)}.
   *
   * @throws IllegalArgumentException naming the JSON path of the first problem
   */
  public static StatisticsDocument documentFromJson(String json) {
    StatisticsDocument document = read(json, StatisticsDocument.class);
    if (document.format() != StatisticsDocument.FORMAT) {
      throw new IllegalArgumentException("statistics document has format " + document.format()
          + "; this Kiln reads format " + StatisticsDocument.FORMAT);
    }
    for (var e : document.splits().entrySet()) {
      checkFormat(e.getValue(), e.getKey());
    }
    return document;
  }

  /**
   * Reads statistics written by {@link #toJson}.
   *
   * @throws IllegalArgumentException naming the JSON path of the first problem
   */
  public static Statistics fromJson(String json) {
    Statistics statistics = read(json, Statistics.class);
    checkFormat(statistics, null);
    return statistics;
  }

  private static void checkFormat(Statistics statistics, String split) {
    if (statistics == null) {
      throw new IllegalArgumentException("statistics JSON" + (split == null ? "" : " of split '" + split + "'") + " is null");
    }
    if (statistics.format() != Statistics.FORMAT) {
      throw new IllegalArgumentException("statistics JSON" + (split == null ? "" : " of split '" + split + "'")
          + " has format " + statistics.format() + "; this Kiln reads format " + Statistics.FORMAT);
    }
  }

  private static <T> T read(String json, Class<T> type) {
    try {
      return MAPPER.readValue(json, type);
    } catch (JsonMappingException e) {
      String path = e.getPathReference();
      throw new IllegalArgumentException("statistics JSON"
          + (path == null || path.isEmpty() ? "" : " at " + path) + ": " + e.getOriginalMessage(), e);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("statistics JSON is malformed: " + e.getOriginalMessage(), e);
    }
  }
}
