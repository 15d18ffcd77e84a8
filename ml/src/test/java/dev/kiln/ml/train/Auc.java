package dev.kiln.ml.train;

import java.util.Arrays;
import java.util.Comparator;

/** The exact area under the ROC curve: the share of (positive, negative) pairs ranked right, ties half. */
final class Auc {
  private Auc() {}

  static double of(double[] scores, boolean[] positive) {
    Integer[] order = new Integer[scores.length];
    for (int i = 0; i < order.length; i++) {
      order[i] = i;
    }
    Arrays.sort(order, Comparator.comparingDouble(i -> scores[i]));
    double rankSum = 0;
    long pos = 0;
    int i = 0;
    while (i < order.length) {
      int j = i;
      while (j + 1 < order.length && scores[order[j + 1]] == scores[order[i]]) {
        j++;
      }
      double midRank = (i + j) / 2.0 + 1; // ranks are 1-based; tied scores share their mean rank
      for (int k = i; k <= j; k++) {
        if (positive[order[k]]) {
          rankSum += midRank;
          pos++;
        }
      }
      i = j + 1;
    }
    long neg = scores.length - pos;
    return (rankSum - pos * (pos + 1) / 2.0) / ((double) pos * neg);
  }
}
