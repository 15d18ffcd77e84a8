package dev.kiln.core.artifact;

import org.apache.beam.sdk.options.Default;
import org.apache.beam.sdk.options.Description;
import org.apache.beam.sdk.options.PipelineOptions;

/**
 * How {@link DatasetWriter} lays out a dataset's files, chosen by the backend that builds the
 * pipeline's options.
 *
 * <p>Example of use (a backend for Beam's DirectRunner):
 *
 * <pre>{@code
 * options.as(DatasetWriteOptions.class).setFilePerBundle(true);
 * }</pre>
 */
public interface DatasetWriteOptions extends PipelineOptions {
  /**
   * One file per bundle of rows, written by the step's own worker, its fingerprint and checksum
   * taken in the same pass, renamed to its final name at the commit. Right for runners whose bundles
   * are large: the DirectRunner (a bundle is everything one input bundle produced), where Beam's
   * {@code FileIO} would add a GroupByKey that holds every row in memory, and Flink's batch (DataSet)
   * translation, where a bundle is a whole task, so each task writes one file and the writer is chained
   * to the operator that makes the rows (no network edge, no separate fingerprint combine). Wrong for
   * runners with small bundles (Flink's streaming operators, Dataflow), which would get a file per
   * thousand rows. Off: Beam's {@code FileIO} with runner-determined sharding. Targets with a fixed
   * number of files ({@link OutputTarget#withNumShards}) always use {@code FileIO}.
   */
  @Description("Write one dataset file per bundle, without a GroupByKey (for runners with large bundles)")
  @Default.Boolean(false)
  boolean getFilePerBundle();

  void setFilePerBundle(boolean value);
}
