package dev.kiln.runners;

import dev.kiln.core.artifact.DatasetWriteOptions;
import dev.kiln.core.artifact.FileSystemSetup;
import dev.kiln.core.io.SourcePartOptions;
import dev.kiln.core.run.Backend;
import org.apache.beam.runners.direct.DirectOptions;
import org.apache.beam.runners.direct.DirectRunner;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.PipelineResult;

/**
 * The {@code direct} backend: Beam's DirectRunner in this process. Its immutability and encodability
 * checks are for testing transforms and multiply run time (measured: 42 s vs about 15 minutes for 1M
 * rows), so they are off for users' runs unless {@code checks} is asked for.
 */
public final class DirectBackend implements Backend {
  /** A CSV range's size on the DirectRunner: about 25k taxi rows or 120k flights rows per bundle. */
  static final long PART_BYTES = 4L << 20;

  private final boolean checks;
  private final int parallelism;

  public DirectBackend(boolean checks, int parallelism) {
    this.checks = checks;
    this.parallelism = parallelism;
  }

  /** For users' runs: checks off, one worker thread per core. */
  public static DirectBackend forRuns() {
    return new DirectBackend(false, Math.max(2, Runtime.getRuntime().availableProcessors()));
  }

  @Override
  public String name() {
    return "direct";
  }

  @Override
  public Pipeline newPipeline(String jobName) {
    // from the configured file-system options: the runner re-registers file systems with these
    DirectOptions options = FileSystemSetup.newOptions().as(DirectOptions.class);
    options.setRunner(DirectRunner.class);
    options.setJobName(jobName.toLowerCase().replaceAll("[^a-z0-9-]", "-"));
    options.setBlockOnRun(false);
    options.setEnforceImmutability(checks);
    options.setEnforceEncodability(checks);
    options.setTargetParallelism(parallelism);
    // A DirectRunner bundle is everything one input bundle produced: write a file per bundle, in the
    // step's own pass, instead of FileIO's GroupByKey that holds every row in memory (docs/benchmarks.md).
    options.as(DatasetWriteOptions.class).setFilePerBundle(true);
    // Each source part is a bundle held by every step it passes, and parts released at once are all read
    // before any reaches the next step: small parts, released in waves, bound the live heap (SourceParts).
    options.as(SourcePartOptions.class).setPartsInWaves(true);
    options.as(SourcePartOptions.class).setMaxPartBytes(PART_BYTES);
    return Pipeline.create(options);
  }

  @Override
  public PipelineResult start(Pipeline pipeline) {
    return pipeline.run();
  }
}
