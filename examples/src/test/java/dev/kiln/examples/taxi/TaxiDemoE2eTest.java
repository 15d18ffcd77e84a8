package dev.kiln.examples.taxi;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The README's demo: the taxi pipeline on the DirectRunner with the embedded store, then a cached rerun. */
@Tag("e2e")
class TaxiDemoE2eTest {
  @TempDir Path project;
  private TaxiDemoProject demo;

  private String kiln(int expectedExit, String... args) {
    return demo.kiln(expectedExit, args);
  }

  @Test
  void taxiRunsShowsItsEvaluationThenComesFromCacheAndAHyperparameterRerunsOnlyTrainingOn() throws Exception {
    demo = TaxiDemoProject.in(project);
    Path yamlFile = demo.pipeline();
    String yaml = yamlFile.toString();

    String first = kiln(0, "run", yaml);
    assertTrue(first.matches("(?s).*data +COMPLETE .*examples 10,000 rows · rejected 0 rows.*"), first);
    assertTrue(first.matches("(?s).*label +COMPLETE .*examples 10,000 rows \\(eval [\\d,]+, train [\\d,]+\\).*"), first);
    assertTrue(first.matches("(?s).*infer +COMPLETE .*predictions 1,974 rows.*"), first);
    assertTrue(first.contains("(3 cached") || first.contains("(11 complete)"), first);

    // kiln show prints the eval AUC and the per-slice metrics
    String show = kiln(0, "show", "last");
    java.util.regex.Matcher auc = java.util.regex.Pattern.compile("overall: +auc (0\\.\\d+)").matcher(show);
    assertTrue(auc.find(), show);
    // issue 10's floor for the flagship model on its eval split
    assertTrue(Double.parseDouble(auc.group(1)) >= 0.93, "the taxi model's eval AUC is at least 0.93: " + auc.group(1));
    assertTrue(show.contains("by payment_type:") && show.contains("by trip_start_hour:"), show);
    assertTrue(show.contains("blessed"), show);
    assertTrue(Files.exists(project.resolve("models/taxi/000001/model.json")), "push copied the blessed model");

    String second = kiln(0, "run", yaml);
    assertTrue(second.contains("plan: 11 cached, 0 to run"), second);

    // the Java twin shares the cache: same spec, same code
    String twin = kiln(0, "plan", yaml);
    assertTrue(twin.contains("everything is cached"), twin);

    // only the trainer's hyperparameters change: train and what reads the model rerun, nothing before
    Files.writeString(yamlFile, Files.readString(yamlFile).replace("backend: local }", "backend: local, iterations: 10 }"));
    String third = kiln(0, "run", yaml);
    for (String cached : List.of("data", "split", "label", "stats", "schema", "validate", "preprocess")) {
      assertTrue(third.matches("(?s).*\\n +" + cached + " +CACHED.*"), cached + " stays cached:\n" + third);
    }
    for (String rerun : List.of("train", "evaluate", "push", "infer")) {
      assertTrue(third.matches("(?s).*\\n +" + rerun + " +COMPLETE.*"), rerun + " reruns:\n" + third);
    }
  }
}
