package dev.kiln.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PeerOutputsTest {
  static final String SPARK = """
      00:11:03.919 WARN Utils: Your hostname, vm resolves to a loopback address
      spark-flights: phase session start 4.200 s
      spark-flights: phase ingest 12.500 s
      spark-flights: phase features + split 6.000 s
      spark-flights: total 60.250 s
      spark-flights: rows 3000000 train 2400100 eval 599900 features 462 iterations 20 auc 0.643712
      """;

  @Test
  void readsTheSparkPeersPhasesAndResult() {
    Map<String, Double> m = PeerOutputs.spark(SPARK, 3_000_000);
    assertEquals(List.of("spark: session start ms", "spark: ingest ms", "spark: features + split ms", "eval rows",
        "features", "LR iterations", "AUC"), List.copyOf(m.keySet()));
    assertEquals(12500.0, m.get("spark: ingest ms"), 1e-9);
    assertEquals(462.0, m.get("features"));
    assertEquals(0.643712, m.get("AUC"), 1e-12);
  }

  @Test
  void aSparkRunWithoutResultOrOfOtherRowsDoesNotCount() {
    BenchException none = assertThrows(BenchException.class, () -> PeerOutputs.spark("spark-flights: phase ingest 1.0 s\n", 3));
    assertTrue(none.getMessage().contains("no result line"), none.getMessage());
    BenchException rows = assertThrows(BenchException.class, () -> PeerOutputs.spark(SPARK, 1_000_000));
    assertEquals("the Spark peer read 3000000 rows, expected 1000000", rows.getMessage());
  }

  @Test
  void readsKilnsStepLinesAndRunTime() {
    String log = """
        Run flights-1 · pipeline flights · runner flink
          plan: 0 cached, 7 to run
          stage 0: data → features → split …
          data        COMPLETE  93.1s   examples 3,000,000 rows · rejected 0 rows
          split       COMPLETE  95.0s   examples 3,000,000 rows (eval 599,945, train 2,400,055)
          evaluate    COMPLETE  20.5s   metrics (Metrics) · blessing (Blessing)
        Run flights-1 COMPLETE in 301.4s (7 complete)
        """;
    Map<String, Double> m = PeerOutputs.kilnRun(log);
    assertEquals(93100.0, m.get("kiln: data done at ms"), 1e-9);
    assertEquals(20500.0, m.get("kiln: evaluate done at ms"), 1e-9);
    assertEquals(301400.0, m.get("kiln run ms"), 1e-9);
    BenchException failed = assertThrows(BenchException.class,
        () -> PeerOutputs.kilnRun("Run flights-1 FAILED in 3.0s (1 failed)\n"));
    assertTrue(failed.getMessage().contains("COMPLETE"), failed.getMessage());
  }

  @Test
  void readsTheAucKilnShowPrintsForTheEvaluateStep() {
    String show = """
          evaluate (evaluate, execution 7)  COMPLETE  20.5s
            out metrics    #12 Metrics  fp 1234  file:/x
                Metrics: binary model, 599945 examples, threshold 0.5
                overall:  auc 0.6512  logLoss 0.5  accuracy 0.8
        """;
    assertEquals(0.6512, PeerOutputs.kilnAuc(show), 1e-12);
    assertThrows(BenchException.class, () -> PeerOutputs.kilnAuc("Run x COMPLETE"));
  }
}
