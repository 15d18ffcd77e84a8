package dev.kiln.ml.validate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kiln.ml.stats.StringStatistics.ValueCount;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The Anomalies document: canonical JSON, the failure message, the report. */
class AnomaliesDocumentTest {
  private static final Anomaly DOMAIN = new Anomaly("eval", "payment_type", AnomalyKind.OUT_OF_DOMAIN,
      "3 of 100 values are outside the domain of 2: 'Bitcoin' (3)", 3L, null, List.of(new ValueCount("Bitcoin", 3)), null, null);
  private static final Anomaly TYPE = new Anomaly("eval", "fare", AnomalyKind.TYPE_MISMATCH,
      "expected DOUBLE, the data is STRING (99 rows with a value)", 99L, null, null, null, null);
  private static final Anomaly DRIFT = new Anomaly("eval", "tips", AnomalyKind.DRIFT,
      "Jensen-Shannon divergence 0.2 ...", null, null, null, 0.2, 0.1);

  @Test
  void anomaliesAreSortedBySplitFeatureAndKindAndTheJsonIsCanonical() {
    AnomaliesDocument d = AnomaliesDocument.of(List.of("train", "eval"), List.of(DOMAIN, DRIFT, TYPE));
    assertEquals(List.of("fare", "payment_type", "tips"), d.anomalies().stream().map(Anomaly::feature).toList());
    assertEquals(List.of("eval", "train"), d.splits());
    String json = AnomaliesJson.toJson(d);
    assertEquals(d, AnomaliesJson.fromJson(json));
    assertTrue(json.startsWith("{\"anomalies\":[{\"count\":99,\"description\":"), json);
    assertTrue(json.contains("\"kind\":\"out_of_domain\""), json);
    assertTrue(json.contains("\"values\":[{\"count\":3,\"value\":\"Bitcoin\"}]"), json);
    assertFalse(json.contains("null"), "null members are left out: " + json);
    List<Anomaly> reversed = new ArrayList<>(List.of(TYPE, DRIFT, DOMAIN));
    assertEquals(json, AnomaliesJson.toJson(AnomaliesDocument.of(List.of("eval", "train"), reversed)),
        "the same findings give the same bytes");
  }

  @Test
  void theFailureMessageIsOneLineNamingTheFirstAnomaliesAndTheirNumber() {
    List<Anomaly> many = new ArrayList<>(List.of(DOMAIN, TYPE, DRIFT));
    many.add(Anomaly.counted("eval", "trip_seconds", AnomalyKind.MISSING_VALUES, "2 of 100 rows have no value", 2));
    String message = new AnomaliesFoundException(AnomaliesDocument.of(List.of("eval"), many)).getMessage();
    assertEquals("validation found 4 anomalies: fare (eval) type_mismatch 99 rows; payment_type (eval) out_of_domain "
        + "'Bitcoin' x3; tips (eval) drift 0.2 > 0.1; and 1 more (fix the data or the schema, or set onAnomalies: warn"
        + " to record them and go on)", message);
    assertEquals(1, message.lines().count());
  }

  @Test
  void theReportListsEveryAnomalyOrSaysThereAreNone() {
    String report = AnomaliesReport.render(AnomaliesJson.toJson(AnomaliesDocument.of(List.of("eval"), List.of(TYPE, DOMAIN))));
    assertEquals("""
        2 anomalies (splits checked: eval)
        split  feature       kind           description
        -----  ------------  -------------  ----------------------------------------------------------
        eval   fare          type_mismatch  expected DOUBLE, the data is STRING (99 rows with a value)
        eval   payment_type  out_of_domain  3 of 100 values are outside the domain of 2: 'Bitcoin' (3)
        """, report);
    assertEquals("no anomalies (splits checked: (unsplit))\n",
        AnomaliesReport.render(AnomaliesJson.toJson(AnomaliesDocument.of(List.of(""), List.of()))));
  }
}
