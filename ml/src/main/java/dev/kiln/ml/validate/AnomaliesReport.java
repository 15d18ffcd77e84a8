package dev.kiln.ml.validate;

import dev.kiln.ml.stats.StatisticsDocument;
import dev.kiln.ml.stats.TextTable;
import java.util.stream.Collectors;

/** The text {@code kiln show} prints for an Anomalies artifact: a count, then one row per anomaly. */
public final class AnomaliesReport {
  private AnomaliesReport() {}

  /**
   * Renders an Anomalies document.
   *
   * @param json the document, as {@link AnomaliesJson#toJson} writes it
   * @throws IllegalArgumentException when {@code json} is not an anomalies document
   */
  public static String render(String json) {
    AnomaliesDocument d = AnomaliesJson.fromJson(json);
    String splits = d.splits().stream().map(StatisticsDocument::label).collect(Collectors.joining(", "));
    if (d.isEmpty()) {
      return "no anomalies (splits checked: " + splits + ")\n";
    }
    TextTable t = TextTable.of("split", "feature", "kind", "description");
    for (Anomaly a : d.anomalies()) {
      t.add(StatisticsDocument.label(a.split()), a.feature(), a.kind().jsonName(), a.description());
    }
    int n = d.anomalies().size();
    return n + (n == 1 ? " anomaly" : " anomalies") + " (splits checked: " + splits + ")\n" + t.render();
  }
}
