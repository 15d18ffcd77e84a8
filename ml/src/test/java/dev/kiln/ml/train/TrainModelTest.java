package dev.kiln.ml.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kiln.ml.model.ModelDocument;
import dev.kiln.ml.model.ModelTask;
import java.util.List;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.Row;
import org.apache.beam.sdk.values.TypeDescriptors;
import org.junit.jupiter.api.Test;

/** TrainModel, the public transform the train step applies: the trainers' own documents, typed settings. */
class TrainModelTest {
  @Test
  void givesTheTrainersOwnModelDocumentsForTheLocalAndTheDistributedLogisticRegression() {
    List<Row> rows = Synthetic.blobs(300, 7);
    List<String> models = BeamRuns.train(Synthetic.BLOBS, rows,
        new LocalTrainer(Configs.setup(Synthetic.BLOBS, "label", "kind"), null),
        json(TrainModel.logistic("kind")),
        new DistributedTrainer(Configs.setup(Synthetic.BLOBS, "label", "kind", "backend", "distributed",
            "iterations", 5, "l2", 0.01), null),
        json(TrainModel.logistic("kind").withBackend(TrainModel.Backend.DISTRIBUTED).withIterations(5).withL2(0.01)));
    assertEquals(models.get(0), models.get(1), "local: the same bytes as the trainer gives");
    assertEquals(models.get(2), models.get(3), "distributed: the same bytes as the trainer gives");
    ModelDocument distributed = ModelDocument.fromJson(models.get(3));
    assertEquals(ModelDocument.DISTRIBUTED, distributed.backend());
    assertEquals(ModelTask.MULTICLASS, distributed.task());
    assertEquals(List.of("id", "u", "v", "noise"), distributed.features(), "every numeric column but the label");
  }

  @Test
  void theOptionsAreTheTrainStepsSettingsInAnyOrder() {
    TrainConfig c = TrainModel.logistic("big").withL2(0.5).withFeatures("a", "b").withBackend(TrainModel.Backend.DISTRIBUTED)
        .withTolerance(1e-3).config();
    assertEquals(Configs.config("label", "big", "features", List.of("a", "b"), "backend", "distributed", "l2", 0.5,
        "tolerance", 1e-3), c);
    assertEquals(c, TrainModel.of(c).config());
  }

  @Test
  void aSettingThatDoesNotApplyIsRefusedWhenTheTransformIsApplied() {
    Pipeline p = Pipeline.create(PipelineOptionsFactory.create());
    PCollection<Row> rows = p.apply(Create.of(Synthetic.linear(10, 1)).withRowSchema(Synthetic.LINEAR));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> rows.apply(TrainModel.linear("y").withL2(0.1)));
    assertTrue(e.getMessage().contains("key 'l2': applies to the distributed backend only"), e.getMessage());
    TrainingInputException missing = assertThrows(TrainingInputException.class, () -> rows.apply(TrainModel.linear("z")));
    assertTrue(missing.getMessage().startsWith("label 'z' is not a column"), missing.getMessage());
  }

  private static PTransform<PCollection<Row>, PCollection<String>> json(TrainModel train) {
    return new PTransform<>() {
      @Override
      public PCollection<String> expand(PCollection<Row> rows) {
        return rows.apply(train).apply(MapElements.into(TypeDescriptors.strings()).via(ModelDocument::toJson));
      }
    };
  }
}
