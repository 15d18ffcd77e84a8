package dev.kiln.ml.train;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.apache.beam.sdk.schemas.Schema;
import org.apache.beam.sdk.values.Row;

/** Small generated data sets with known structure. */
final class Synthetic {
  private Synthetic() {}

  /** The coefficients of {@link #linear}: y = 3 + 2·x1 − 1.5·x2 + 0.5·x3 + N(0, 0.1²). */
  static final double BIAS = 3;
  static final double[] WEIGHTS = {2, -1.5, 0.5};
  static final Schema LINEAR = Schema.builder().addDoubleField("x1").addDoubleField("x2").addDoubleField("x3")
      .addDoubleField("y").build();

  static List<Row> linear(int n, long seed) {
    Random r = new Random(seed);
    List<Row> rows = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      double x1 = r.nextGaussian();
      double x2 = r.nextGaussian();
      double x3 = r.nextGaussian();
      double y = BIAS + WEIGHTS[0] * x1 + WEIGHTS[1] * x2 + WEIGHTS[2] * x3 + 0.1 * r.nextGaussian();
      rows.add(Row.withSchema(LINEAR).addValues(x1, x2, x3, y).build());
    }
    return rows;
  }

  /** Three classes "east", "north", "west" around (2, 0), (0, 2.5), (−2, 0); a noise column; INT64 column "id". */
  static final Schema BLOBS = Schema.builder().addInt64Field("id").addDoubleField("u").addDoubleField("v")
      .addDoubleField("noise").addStringField("kind").build();

  static List<Row> blobs(int n, long seed) {
    Random r = new Random(seed);
    String[] kinds = {"east", "north", "west"};
    double[][] centers = {{2, 0}, {0, 2.5}, {-2, 0}};
    List<Row> rows = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      int k = r.nextInt(3);
      rows.add(Row.withSchema(BLOBS).addValues((long) i, centers[k][0] + 0.8 * r.nextGaussian(),
          centers[k][1] + 0.8 * r.nextGaussian(), r.nextGaussian(), kinds[k]).build());
    }
    return rows;
  }
}
