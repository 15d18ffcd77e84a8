package dev.kiln.core.io;

import org.apache.beam.sdk.options.Default;
import org.apache.beam.sdk.options.Description;
import org.apache.beam.sdk.options.PipelineOptions;

/**
 * How Kiln's sources hand their parts (CSV byte ranges, files) to the runner, chosen by the backend
 * that builds the pipeline's options.
 *
 * <p>Example of use (a backend for Beam's DirectRunner):
 *
 * <pre>{@code
 * options.as(SourcePartOptions.class).setPartsInWaves(true);
 * options.as(SourcePartOptions.class).setMaxPartBytes(4L << 20);
 * }</pre>
 *
 * <p>Why: the DirectRunner makes one bundle of everything a DoFn outputs for one input bundle, keeps
 * each bundle in memory until all its consumers have run, and queues work first in, first out. With
 * every part released at once, every part is read before the first rows reach the next step, so the
 * job's live heap is the whole input. See {@link SourceParts}.
 */
public interface SourcePartOptions extends PipelineOptions {
  /**
   * Release a source's parts a few at a time, each wave after the job has done all the work the
   * previous one made possible (see {@link SourceParts}). Off: all parts at once, spread over the
   * workers by a reshuffle.
   */
  @Description("Release source parts in waves, each after the previous one's rows went through the job (DirectRunner)")
  @Default.Boolean(false)
  boolean getPartsInWaves();

  void setPartsInWaves(boolean value);

  /**
   * The largest part a source cuts a splittable file into, in bytes; 0 = the source's own setting
   * (CSV: {@code CsvOptions.rangeBytes()}). A smaller source setting is kept.
   */
  @Description("Largest byte range a source reads as one part (0: the source's own setting)")
  @Default.Long(0)
  long getMaxPartBytes();

  void setMaxPartBytes(long value);
}
