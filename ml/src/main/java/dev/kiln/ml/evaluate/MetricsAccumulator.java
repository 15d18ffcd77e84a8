package dev.kiln.ml.evaluate;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;

/**
 * The mergeable state of the metrics of one slice. The task is taken from the first example (the
 * model decides it, and the model is only known while the job runs); every later example and every
 * merged accumulator must be of the same task. Unlabeled examples are only counted.
 */
public final class MetricsAccumulator {
  private final MetricsOptions options;
  private ModelTask task;
  private long unlabeled;
  private BinaryAccumulator binary;
  private MulticlassAccumulator multiclass;
  private RegressionAccumulator regression;

  public MetricsAccumulator(MetricsOptions options) {
    this.options = options;
  }

  /** Adds one example. */
  public MetricsAccumulator add(ScoredExample e) {
    if (!e.labeled()) {
      unlabeled++;
      return this;
    }
    switch (typed(e.task(), e.prediction().length)) {
      case BINARY -> binary.add(e.label(), e.prediction()[0]);
      case MULTICLASS -> multiclass.add(e.label(), e.prediction());
      case REGRESSION -> regression.add(e.label(), e.prediction()[0]);
    }
    return this;
  }

  /** Adds everything {@code other} holds. */
  public MetricsAccumulator merge(MetricsAccumulator other) {
    unlabeled += other.unlabeled;
    if (other.task == null) {
      return this;
    }
    switch (typed(other.task, other.multiclass == null ? 0 : other.multiclass.classes())) {
      case BINARY -> binary.merge(other.binary);
      case MULTICLASS -> multiclass.merge(other.multiclass);
      case REGRESSION -> regression.merge(other.regression);
    }
    return this;
  }

  private ModelTask typed(ModelTask t, int classes) {
    if (task == null) {
      task = t;
      switch (t) {
        case BINARY -> binary = new BinaryAccumulator(options);
        case MULTICLASS -> multiclass = new MulticlassAccumulator(classes);
        case REGRESSION -> regression = new RegressionAccumulator();
      }
    } else if (task != t) {
      throw new IllegalArgumentException("the scorer returned a " + t.jsonName() + " example after " + task.jsonName() + " ones");
    }
    return t;
  }

  /** The task of the examples seen, or null if none was labeled. */
  public ModelTask task() {
    return task;
  }

  /** Labeled examples seen. */
  public long labeled() {
    if (task == null) {
      return 0;
    }
    return switch (task) {
      case BINARY -> binary.count();
      case MULTICLASS -> multiclass.count();
      case REGRESSION -> regression.count();
    };
  }

  /** Examples without a label, left out of the metrics. */
  public long unlabeled() {
    return unlabeled;
  }

  /** The metrics of the task, or null before any labeled example. */
  public Record result() {
    if (task == null) {
      return null;
    }
    return switch (task) {
      case BINARY -> binary.result();
      case MULTICLASS -> multiclass.result();
      case REGRESSION -> regression.result();
    };
  }

  /**
   * The metrics as JSON ({@link MetricsJson}): the task's metrics plus {@code task} and
   * {@code unlabeled}; just the counts when no example was labeled.
   */
  public ObjectNode toJson() {
    Record r = result();
    ObjectNode node = r == null ? MetricsJson.tree(java.util.Map.of("examples", 0)) : MetricsJson.tree(r);
    node.put("unlabeled", unlabeled);
    if (task != null) {
      node.put("task", task.jsonName());
    }
    return node;
  }

  void encode(DataOutputStream out) throws IOException {
    out.writeDouble(options.threshold());
    out.writeInt(options.aucBuckets());
    out.writeInt(options.calibrationBins());
    out.writeLong(options.minSliceSize());
    out.writeLong(unlabeled);
    out.writeByte(task == null ? -1 : task.ordinal());
    if (task != null) {
      switch (task) {
        case BINARY -> binary.encode(out);
        case MULTICLASS -> multiclass.encode(out);
        case REGRESSION -> regression.encode(out);
      }
    }
  }

  static MetricsAccumulator decode(DataInputStream in) throws IOException {
    MetricsOptions options = new MetricsOptions(in.readDouble(), in.readInt(), in.readInt(), in.readLong());
    MetricsAccumulator a = new MetricsAccumulator(options);
    a.unlabeled = in.readLong();
    int t = in.readByte();
    if (t >= 0) {
      a.task = ModelTask.values()[t];
      switch (a.task) {
        case BINARY -> a.binary = BinaryAccumulator.decode(in);
        case MULTICLASS -> a.multiclass = MulticlassAccumulator.decode(in);
        case REGRESSION -> a.regression = RegressionAccumulator.decode(in);
      }
    }
    return a;
  }
}
