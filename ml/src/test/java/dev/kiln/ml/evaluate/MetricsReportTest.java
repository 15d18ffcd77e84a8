package dev.kiln.ml.evaluate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MetricsReportTest {

  @Test
  void showsOverallMetricsAndSortsHourSlicesNumerically() {
    List<String> hours = new ArrayList<>();
    for (int h = 0; h < 24; h++) {
      hours.add(Integer.toString(h));
    }
    List<ScoredExample> examples = new ArrayList<>(BinaryMetricsTest.randomBinary(2400, 4, hours));
    examples.add(ScoredExample.binary(1, 0.7, Map.of("hour", SliceKey.MISSING)));
    String text = MetricsReport.render(MetricsDocumentTest.assemble(examples, MetricsOptions.defaults()));
    assertTrue(text.startsWith("Metrics: binary model, 2401 examples, threshold 0.5\n"), text);
    assertTrue(text.contains("overall:  auc 0."), text);
    assertTrue(text.contains("reliability (predicted vs observed):"), text);
    assertTrue(text.contains("  [0.00, 0.10)") && text.contains("  [0.90, 1.00]"), text);
    assertTrue(text.matches("(?s).*\\(auc within \\d\\.\\de-\\d+ of exact\\).*"), text);
    List<String> order = new ArrayList<>();
    boolean inHours = false;
    for (String line : text.split("\n")) {
      if (line.equals("by hour:")) {
        inHours = true;
      } else if (inHours && line.startsWith("  ") && !line.trim().startsWith("hour")) {
        order.add(line.trim().split("\\s+")[0]);
      }
    }
    List<String> expected = new ArrayList<>(hours);
    expected.add(SliceKey.MISSING);
    assertEquals(expected, order);
  }

  @Test
  void textValuesSortAsText() {
    var values = MetricsDocument.parse("{\"Credit Card\":{},\"Cash\":{},\"(missing)\":{},\"Dispute\":{}}");
    assertEquals(List.of("Cash", "Credit Card", "Dispute", "(missing)"), MetricsReport.sortedValues(values));
  }

  @Test
  void regressionShowsItsOwnColumns() {
    List<ScoredExample> examples = List.of(
        ScoredExample.regression(1, 1.5, Map.of("hour", "1")), ScoredExample.regression(3, 2.5, Map.of("hour", "2")));
    String text = MetricsReport.render(MetricsDocumentTest.assemble(examples, MetricsOptions.defaults()));
    assertTrue(text.contains("overall:  rmse 0.5000  mae 0.5000  r2 0.7500"), text);
    assertTrue(text.lines().anyMatch(l -> l.matches("\\s+hour\\s+examples\\s+rmse\\s+mae\\s+r2\\s+meanPrediction\\s+meanLabel")), text);
  }
}
