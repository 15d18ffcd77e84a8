package dev.kiln.ml.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kiln.ml.model.ModelTask;
import dev.kiln.ml.model.Prediction;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.beam.sdk.schemas.Schema;
import org.apache.beam.sdk.values.Row;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.tribuo.Model;
import org.tribuo.classification.Label;
import org.tribuo.impl.ArrayExample;
import org.tribuo.regression.Regressor;

/**
 * The local backend's Tribuo models, trained without Beam: the exported JSON parameters predict
 * exactly what Tribuo's own model predicts, and the forest beats a constant predictor.
 */
class TribuoTrainingTest {
  static TaxiExamples taxi;
  static TrainingSetup setup;
  static LabelEncoding encoding;
  static List<LabeledPoint> train;
  static List<LabeledPoint> heldOut;

  @BeforeAll
  static void load() {
    taxi = TaxiExamples.load();
    setup = Configs.setup(taxi.schema, "label", "big_tipper");
    LabelSummary summary = new LabelSummary();
    RowReader reader = new RowReader(setup.label(), setup.features());
    taxi.train.forEach(r -> summary.add(reader.label(r)));
    encoding = LabelEncoding.infer(setup, summary);
    train = points(taxi.train, reader);
    heldOut = points(taxi.heldOut, reader);
  }

  private static List<LabeledPoint> points(List<Row> rows, RowReader reader) {
    List<LabeledPoint> out = new ArrayList<>();
    for (Row r : rows) {
      Object label = reader.label(r);
      if (label != null) {
        out.add(new LabeledPoint(reader.features(r), encoding.target(label)));
      }
    }
    return out;
  }

  @Test
  void exportedLogisticWeightsPredictWhatTribuoPredicts() {
    TribuoTraining.Result r = TribuoTraining.train(setup, encoding, train);
    assertSameAsTribuo(r, setup, encoding, heldOut, 1e-9);
  }

  @Test
  void exportedRandomForestPredictsWhatTribuoPredictsAndBeatsAConstant() {
    TrainingSetup forest = Configs.setup(taxi.schema, "label", "big_tipper", "algorithm", "random_forest", "trees", 10);
    TribuoTraining.Result r = TribuoTraining.train(forest, encoding, train);
    assertSameAsTribuo(r, forest, encoding, heldOut, 1e-6);
    double[] scores = new double[heldOut.size()];
    boolean[] positive = new boolean[heldOut.size()];
    for (int i = 0; i < scores.length; i++) {
      scores[i] = r.parameters().predict(heldOut.get(i).x(), ModelTask.BINARY, new String[] {"false", "true"}).value();
      positive[i] = heldOut.get(i).y() == 1;
    }
    double auc = Auc.of(scores, positive);
    assertTrue(auc > 0.8, "a constant predictor has AUC 0.5; the forest has " + auc);
  }

  @Test
  void randomForestRegressionBeatsPredictingTheMean() {
    List<Row> rows = Synthetic.linear(1500, 3);
    TrainingSetup s = Configs.setup(Synthetic.LINEAR, "label", "y", "algorithm", "random_forest", "trees", 10,
        "featureFraction", 0.67);
    LabelSummary summary = new LabelSummary();
    rows.forEach(r -> summary.add(r.getValue("y")));
    LabelEncoding enc = LabelEncoding.infer(s, summary);
    assertEquals(ModelTask.REGRESSION, enc.task(), "a DOUBLE label with many values is a regression target");
    RowReader reader = new RowReader("y", s.features());
    List<LabeledPoint> all = new ArrayList<>();
    rows.forEach(r -> all.add(new LabeledPoint(reader.features(r), r.getDouble("y"))));
    List<LabeledPoint> fit = all.subList(0, 1200);
    List<LabeledPoint> test = all.subList(1200, 1500);
    TribuoTraining.Result r = TribuoTraining.train(s, enc, fit);
    assertSameAsTribuo(r, s, enc, test, 1e-9);
    double mean = fit.stream().mapToDouble(LabeledPoint::y).average().orElseThrow();
    double constant = 0;
    double forest = 0;
    for (LabeledPoint p : test) {
      constant += Math.pow(p.y() - mean, 2);
      forest += Math.pow(p.y() - r.parameters().predict(p.x(), ModelTask.REGRESSION, new String[0]).value(), 2);
    }
    assertTrue(forest < 0.3 * constant, "forest squared error " + forest + " vs the mean's " + constant);
  }

  @Test
  void provenanceSummaryNamesTheTrainerAndItsSettingsButNoTimeOrHost() {
    TribuoTraining.Result r = TribuoTraining.train(setup, encoding, train);
    String json = r.provenance().toString();
    assertEquals("4.3.2", r.provenance().get("tribuoVersion").asText());
    assertEquals(train.size(), r.provenance().get("examples").asInt());
    assertTrue(json.contains("LinearSGDTrainer") && json.contains("12345") && json.contains("AdaGrad"), json);
    for (String volatileKey : List.of("trained-at", "host-short-name", "java-version", "creation-time")) {
      assertTrue(!json.contains(volatileKey), volatileKey + " in " + json);
    }
    assertEquals(json, TribuoTraining.train(setup, encoding, train).provenance().toString(), "same data, same summary");
  }

  @SuppressWarnings("unchecked")
  private static void assertSameAsTribuo(TribuoTraining.Result r, TrainingSetup s, LabelEncoding enc,
      List<LabeledPoint> points, double tolerance) {
    String[] names = s.features().toArray(String[]::new);
    String[] classes = enc.classes().toArray(String[]::new);
    for (LabeledPoint p : points) {
      Prediction ours = r.parameters().predict(p.x(), enc.task(), classes);
      if (enc.task() == ModelTask.REGRESSION) {
        Model<Regressor> m = (Model<Regressor>) r.tribuoModel();
        double theirs = m.predict(new ArrayExample<>(new Regressor("y", Double.NaN), names, p.x())).getOutput().getValues()[0];
        assertEquals(theirs, ours.value(), tolerance);
      } else {
        Model<Label> m = (Model<Label>) r.tribuoModel();
        Map<String, Label> theirs = m.predict(new ArrayExample<>(new Label(classes[0]), names, p.x())).getOutputScores();
        for (int k = 0; k < classes.length; k++) {
          assertEquals(theirs.get(classes[k]).getScore(), ours.probabilities()[k], tolerance, "P(" + classes[k] + ")");
        }
      }
    }
  }
}
