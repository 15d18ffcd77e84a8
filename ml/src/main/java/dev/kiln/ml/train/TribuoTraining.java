package dev.kiln.ml.train;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kiln.ml.model.DecisionTree;
import dev.kiln.ml.model.LinearWeights;
import dev.kiln.ml.model.ModelParameters;
import dev.kiln.ml.model.ModelTask;
import dev.kiln.ml.model.SoftmaxWeights;
import dev.kiln.ml.model.TreeEnsemble;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.tribuo.ImmutableFeatureMap;
import org.tribuo.ImmutableOutputInfo;
import org.tribuo.Model;
import org.tribuo.MutableDataset;
import org.tribuo.Output;
import org.tribuo.OutputFactory;
import org.tribuo.Trainer;
import org.tribuo.classification.Label;
import org.tribuo.classification.LabelFactory;
import org.tribuo.classification.dtree.CARTClassificationTrainer;
import org.tribuo.classification.dtree.impurity.GiniIndex;
import org.tribuo.classification.ensemble.FullyWeightedVotingCombiner;
import org.tribuo.classification.sgd.objectives.LogMulticlass;
import org.tribuo.common.sgd.AbstractLinearSGDModel;
import org.tribuo.common.tree.LeafNode;
import org.tribuo.common.tree.Node;
import org.tribuo.common.tree.RandomForestTrainer;
import org.tribuo.common.tree.SplitNode;
import org.tribuo.common.tree.TreeModel;
import org.tribuo.ensemble.EnsembleModel;
import org.tribuo.impl.ArrayExample;
import org.tribuo.math.la.DenseMatrix;
import org.tribuo.math.optimisers.AdaGrad;
import org.tribuo.provenance.SimpleDataSourceProvenance;
import org.tribuo.regression.RegressionFactory;
import org.tribuo.regression.Regressor;
import org.tribuo.regression.ensemble.AveragingCombiner;
import org.tribuo.regression.rtree.CARTRegressionTrainer;
import org.tribuo.regression.rtree.IndependentRegressionTreeModel;
import org.tribuo.regression.rtree.impurity.MeanSquaredError;
import org.tribuo.regression.sgd.objectives.SquaredLoss;

/**
 * The local backend's learning: Tribuo 4.3 trains on the labeled points in memory, and the trained
 * model is exported into Kiln's plain-JSON parameters (weights, or the forest's trees), so scoring
 * needs nothing from Tribuo. The Tribuo model's provenance summary goes into the model document.
 *
 * <ul>
 *   <li>logistic: {@code LinearSGDTrainer} with {@code LogMulticlass} (softmax) and AdaGrad; a binary
 *       model's two weight rows become one log-odds vector (positive minus negative row);
 *   <li>linear: regression {@code LinearSGDTrainer} with {@code SquaredLoss} and AdaGrad;
 *   <li>random_forest: {@code RandomForestTrainer} over CART trees (Gini or MSE), soft-voting or averaging.
 * </ul>
 */
final class TribuoTraining {
  /** AdaGrad's initial accumulator value, as in Tribuo's own logistic regression trainer. */
  private static final double ADAGRAD_EPSILON = 0.1;
  /** A CART leaf needs at least this much example weight (rows). */
  private static final float MIN_CHILD_WEIGHT = 5f;

  /** Exported parameters, the Tribuo provenance summary, and the Tribuo model they came from. */
  record Result(ModelParameters parameters, ObjectNode provenance, Model<?> tribuoModel) {}

  private TribuoTraining() {}

  /** Trains on points whose vectors are over {@code setup}'s feature columns (no one-hot columns). */
  static Result train(TrainingSetup setup, LabelEncoding encoding, List<LabeledPoint> points) {
    return train(setup, setup.features(), encoding, points);
  }

  /**
   * Trains on points whose vectors are over {@code terms} (the feature columns with one-hot columns
   * expanded, {@link dev.kiln.ml.model.FeatureLayout#termNames()}); each example holds only its
   * non-zero terms, so Tribuo's work too grows with the non-zeros.
   */
  static Result train(TrainingSetup setup, List<String> terms, LabelEncoding encoding, List<LabeledPoint> points) {
    String[] names = terms.toArray(String[]::new);
    Hyperparameters hp = setup.hyperparameters();
    if (encoding.task() == ModelTask.REGRESSION) {
      MutableDataset<Regressor> data = dataset(new RegressionFactory(), points,
          p -> new Regressor(setup.label(), p.y()), names);
      Trainer<Regressor> trainer = switch (setup.algorithm()) {
        case LINEAR -> new org.tribuo.regression.sgd.linear.LinearSGDTrainer(new SquaredLoss(),
            new AdaGrad(hp.learningRate(), ADAGRAD_EPSILON), hp.iterations(), Integer.MAX_VALUE, 1, hp.seed());
        case RANDOM_FOREST -> new RandomForestTrainer<>(
            new CARTRegressionTrainer(hp.maxDepth(), MIN_CHILD_WEIGHT, 0f, hp.featureFraction().floatValue(), false,
                new MeanSquaredError(), hp.seed()),
            new AveragingCombiner(), hp.trees(), hp.seed());
        case LOGISTIC -> throw new IllegalStateException("logistic regression cannot do regression");
      };
      Model<Regressor> model = trainer.train(data);
      ModelParameters params = setup.algorithm() == dev.kiln.ml.model.ModelAlgorithm.LINEAR
          ? linearRegression((AbstractLinearSGDModel<Regressor>) model, names)
          : forest((EnsembleModel<Regressor>) model, names, encoding);
      return new Result(params, ProvenanceJson.summary(model), model);
    }
    List<String> classes = encoding.classes();
    MutableDataset<Label> data = dataset(new LabelFactory(), points, p -> new Label(classes.get((int) p.y())), names);
    Trainer<Label> trainer = switch (setup.algorithm()) {
      case LOGISTIC -> new org.tribuo.classification.sgd.linear.LinearSGDTrainer(new LogMulticlass(),
          new AdaGrad(hp.learningRate(), ADAGRAD_EPSILON), hp.iterations(), Integer.MAX_VALUE, 1, hp.seed());
      case RANDOM_FOREST -> new RandomForestTrainer<>(
          new CARTClassificationTrainer(hp.maxDepth(), MIN_CHILD_WEIGHT, 0f, hp.featureFraction().floatValue(), false,
              new GiniIndex(), hp.seed()),
          new FullyWeightedVotingCombiner(), hp.trees(), hp.seed());
      case LINEAR -> throw new IllegalStateException("linear regression cannot classify");
    };
    Model<Label> model = trainer.train(data);
    ModelParameters params = setup.algorithm() == dev.kiln.ml.model.ModelAlgorithm.LOGISTIC
        ? logistic((AbstractLinearSGDModel<Label>) model, names, encoding)
        : forest((EnsembleModel<Label>) model, names, encoding);
    return new Result(params, ProvenanceJson.summary(model), model);
  }

  private static <T extends Output<T>> MutableDataset<T> dataset(OutputFactory<T> factory, List<LabeledPoint> points,
      java.util.function.Function<LabeledPoint, T> output, String[] names) {
    MutableDataset<T> data = new MutableDataset<>(new SimpleDataSourceProvenance("kiln train split", factory), factory);
    for (LabeledPoint p : points) {
      double[] x = p.x();
      int nonZero = 0;
      for (double v : x) {
        nonZero += v != 0 ? 1 : 0;
      }
      String[] n = new String[nonZero];
      double[] v = new double[nonZero];
      for (int i = 0, at = 0; i < x.length; i++) {
        if (x[i] != 0) {
          n[at] = names[i];
          v[at++] = x[i];
        }
      }
      data.add(new ArrayExample<>(output.apply(p), n, v));
    }
    return data;
  }

  /** Tribuo's weight matrix has one row per output and one column per feature id, plus the bias in the last column. */
  private static double[] row(DenseMatrix w, int output, ImmutableFeatureMap featureIds, String[] names) {
    double[] out = new double[names.length + 1];
    for (int i = 0; i < names.length; i++) {
      int id = featureIds.getID(names[i]);
      out[i] = id < 0 ? 0 : w.get(output, id); // a feature Tribuo never saw has no weight
    }
    out[names.length] = w.get(output, featureIds.size());
    return out;
  }

  private static ModelParameters linearRegression(AbstractLinearSGDModel<Regressor> model, String[] names) {
    double[] r = row(model.getWeightsCopy(), 0, model.getFeatureIDMap(), names);
    return new LinearWeights(r[names.length], java.util.Arrays.copyOf(r, names.length));
  }

  private static ModelParameters logistic(AbstractLinearSGDModel<Label> model, String[] names, LabelEncoding encoding) {
    DenseMatrix w = model.getWeightsCopy();
    ImmutableOutputInfo<Label> outputs = model.getOutputIDInfo();
    List<String> classes = encoding.classes();
    double[][] rows = new double[classes.size()][];
    for (int k = 0; k < classes.size(); k++) {
      rows[k] = row(w, outputs.getID(new Label(classes.get(k))), model.getFeatureIDMap(), names);
    }
    int d = names.length;
    if (encoding.task() == ModelTask.BINARY) {
      // softmax over two classes is the sigmoid of the difference of their scores
      double[] diff = new double[d];
      for (int i = 0; i < d; i++) {
        diff[i] = rows[1][i] - rows[0][i];
      }
      return new LinearWeights(rows[1][d] - rows[0][d], diff);
    }
    double[] biases = new double[rows.length];
    double[][] weights = new double[rows.length][];
    for (int k = 0; k < rows.length; k++) {
      biases[k] = rows[k][d];
      weights[k] = java.util.Arrays.copyOf(rows[k], d);
    }
    return new SoftmaxWeights(biases, weights);
  }

  private static <T extends Output<T>> ModelParameters forest(EnsembleModel<T> model, String[] names, LabelEncoding encoding) {
    List<DecisionTree> trees = new ArrayList<>();
    for (Model<T> member : model.getModels()) {
      Node<T> root;
      if (member instanceof IndependentRegressionTreeModel independent) {
        @SuppressWarnings("unchecked")
        Node<T> only = (Node<T>) independent.getRoots().values().iterator().next();
        root = only;
      } else {
        root = ((TreeModel<T>) member).getRoot();
      }
      DecisionTree.Builder b = new DecisionTree.Builder();
      trees.add(b.build(export(root, b, member.getFeatureIDMap(), names, encoding)));
    }
    return new TreeEnsemble(trees);
  }

  private static <T extends Output<T>> int export(Node<T> node, DecisionTree.Builder b, ImmutableFeatureMap ids,
      String[] names, LabelEncoding encoding) {
    if (node instanceof SplitNode<T> split) {
      String name = ids.get(split.getFeatureID()).getName();
      int f = java.util.Arrays.asList(names).indexOf(name);
      int le = export(split.getLessThanOrEqual(), b, ids, names, encoding);
      int gt = export(split.getGreaterThan(), b, ids, names, encoding);
      return b.split(f, split.splitValue(), le, gt);
    }
    LeafNode<T> leaf = (LeafNode<T>) node;
    if (encoding.task() == ModelTask.REGRESSION) {
      return b.leaf(new double[] {((Regressor) leaf.getOutput()).getValues()[0]});
    }
    Map<String, T> distribution = leaf.getDistribution();
    List<String> classes = encoding.classes();
    double[] p = new double[classes.size()];
    for (int k = 0; k < p.length; k++) {
      T score = distribution.get(classes.get(k));
      p[k] = score == null ? 0 : ((Label) score).getScore();
    }
    return b.leaf(p);
  }
}
