/**
 * Dataset statistics in one pass, with mergeable summaries, as Beam transforms.
 *
 * <p>{@link dev.kiln.ml.stats.DatasetStatistics} turns a {@code PCollection<Row>} into one
 * {@link dev.kiln.ml.stats.Statistics}; apply it once per split. {@link
 * dev.kiln.ml.stats.StatisticsCombineFn} is the same computation as a {@code CombineFn} for
 * {@code Combine.globally/perKey}. {@link dev.kiln.ml.stats.StatisticsJson} reads and writes the
 * canonical JSON document.
 *
 * <p>The {@code statistics} step ({@link dev.kiln.ml.stats.StatisticsStep}) summarizes every split of
 * a dataset into one {@link dev.kiln.ml.stats.StatisticsDocument}; {@link
 * dev.kiln.ml.stats.StatisticsReport} renders it as text for {@code kiln show}. When its input is a
 * committed Avro dataset that the stage has not read yet, the step folds the records while reading
 * the files ({@link dev.kiln.ml.stats.AvroFileStatistics}: one accumulator per bundle of files, no
 * pipeline element per record); rows made in the same stage go through {@code DatasetStatistics}.
 *
 * <p>Per feature, by schema type:
 *
 * <ul>
 *   <li><b>numbers</b> (BYTE, INT16, INT32, INT64, FLOAT, DOUBLE, DECIMAL): count, missing, NaN,
 *       zeros, min, max (exact); mean and population standard deviation (Welford per value, Chan
 *       et al. to merge parts; independent of the split up to rounding); quantiles at ranks
 *       {@code i/q} from a {@link dev.kiln.ml.stats.sketch.QuantileSketch} whose rank error bound
 *       is deterministic and reported with the figures ({@code rankErrorBound}, at most
 *       {@code (n/k)(log2(n/k)+1)}: 0 up to {@code k} = 2048 values, at most 0.44% of n for a
 *       million values); an equal-width histogram over [min, max] computed from the same sketch
 *       at extraction, so one pass suffices (each bucket within twice the rank bound; the counts
 *       add up to the number of non-NaN values).
 *   <li><b>strings</b>: count, missing, empty, average length in code points (exact); top values
 *       with counts from a Misra–Gries summary (exact for up to 2048 distinct values, otherwise
 *       lower bounds at most {@code topCountErrorBound} below the truth, which is at most
 *       {@code n/1025}); distinct count, exact as long as the summary is, otherwise a
 *       {@link dev.kiln.ml.stats.sketch.HyperLogLog} estimate with relative standard error
 *       {@code 1.04/sqrt(2^14)} = 0.81%.
 *   <li><b>booleans</b>: count, missing, trues and falses.
 *   <li>anything else (bytes, dates, arrays, rows, logical types): count and missing.
 * </ul>
 */
package dev.kiln.ml.stats;
