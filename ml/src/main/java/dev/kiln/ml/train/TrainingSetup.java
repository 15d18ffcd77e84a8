package dev.kiln.ml.train;

import dev.kiln.ml.model.ModelAlgorithm;
import dev.kiln.ml.model.ModelTask;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.apache.beam.sdk.schemas.Schema;

/**
 * What a trainer needs to know before it sees a row: the label column and its type, the feature
 * columns in order, the algorithm, the task if the config names one, the backend and the
 * hyperparameters. {@link #resolve} checks the config against the dataset's schema.
 *
 * @param requestedTask null when the task is inferred from the label values
 */
public record TrainingSetup(String label, Schema.TypeName labelType, List<String> features, ModelAlgorithm algorithm,
    ModelTask requestedTask, String backend, Hyperparameters hyperparameters) implements Serializable {

  private static final Set<Schema.TypeName> NUMERIC = Set.of(Schema.TypeName.BYTE, Schema.TypeName.INT16,
      Schema.TypeName.INT32, Schema.TypeName.INT64, Schema.TypeName.FLOAT, Schema.TypeName.DOUBLE);
  private static final Set<Schema.TypeName> LABEL_TYPES = Set.of(Schema.TypeName.BOOLEAN, Schema.TypeName.STRING,
      Schema.TypeName.BYTE, Schema.TypeName.INT16, Schema.TypeName.INT32, Schema.TypeName.INT64,
      Schema.TypeName.FLOAT, Schema.TypeName.DOUBLE);

  public TrainingSetup {
    features = List.copyOf(features);
  }

  /**
   * The setup of {@code config} on data of {@code schema}; a one-line error names an unknown label or
   * feature column, or a feature that is not numeric.
   */
  public static TrainingSetup resolve(TrainConfig config, Schema schema) {
    if (!schema.hasField(config.label())) {
      throw new TrainingInputException("label '" + config.label() + "' is not a column; columns are " + schema.getFieldNames());
    }
    Schema.TypeName labelType = schema.getField(config.label()).getType().getTypeName();
    if (!LABEL_TYPES.contains(labelType)) {
      throw new TrainingInputException("label '" + config.label() + "' is " + labelType
          + "; a label must be BOOLEAN, STRING or a number");
    }
    List<String> features = new ArrayList<>();
    if (config.features() == null) {
      for (Schema.Field f : schema.getFields()) {
        if (!f.getName().equals(config.label()) && NUMERIC.contains(f.getType().getTypeName())) {
          features.add(f.getName());
        }
      }
      if (features.isEmpty()) {
        throw new TrainingInputException("there is no numeric column besides the label '" + config.label()
            + "' to train on; columns are " + schema.getFieldNames());
      }
    } else {
      for (String name : config.features()) {
        if (!schema.hasField(name)) {
          throw new TrainingInputException("feature '" + name + "' is not a column; columns are " + schema.getFieldNames());
        }
        Schema.TypeName type = schema.getField(name).getType().getTypeName();
        if (!NUMERIC.contains(type)) {
          throw new TrainingInputException("feature '" + name + "' is " + type
              + "; one-hot or vocabulary it in preprocess first");
        }
        features.add(name);
      }
    }
    return new TrainingSetup(config.label(), labelType, features, config.algorithmValue(), config.taskValue(),
        config.backend(), config.hyperparameters());
  }

  /** Whether the label column holds numbers. */
  public boolean numericLabel() {
    return NUMERIC.contains(labelType);
  }
}
