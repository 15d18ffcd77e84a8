package dev.kiln.core.testing;

import dev.kiln.core.run.Backend;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.beam.runners.direct.DirectOptions;
import org.apache.beam.runners.direct.DirectRunner;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.options.PipelineOptionsFactory;

/** The DirectRunner with its immutability and encodability checks on (as tests want), counting the jobs it starts. */
public final class TestBackend implements Backend {
  public final AtomicInteger jobsStarted = new AtomicInteger();
  private final String name;

  public TestBackend() {
    this("direct");
  }

  /** A DirectRunner that calls itself {@code name}, to test runs whose steps name several backends. */
  public TestBackend(String name) {
    this.name = name;
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public Pipeline newPipeline(String jobName) {
    DirectOptions options = PipelineOptionsFactory.as(DirectOptions.class);
    options.setRunner(DirectRunner.class);
    options.setBlockOnRun(false);
    options.setTargetParallelism(2);
    return Pipeline.create(options);
  }

  @Override
  public PipelineResult start(Pipeline pipeline) {
    jobsStarted.incrementAndGet();
    return pipeline.run();
  }
}
