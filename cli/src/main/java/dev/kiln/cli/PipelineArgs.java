package dev.kiln.cli;

import java.nio.file.Path;
import picocli.CommandLine.Parameters;

/** The pipeline argument shared by plan and run. */
final class PipelineArgs {
  @Parameters(index = "0", arity = "0..1", paramLabel = "PIPELINE", description = "The pipeline file (YAML).")
  Path file;

  PipelineSource source() {
    if (file != null) {
      return PipelineSource.yaml(file);
    }
    if (KilnCli.javaPipeline != null) {
      return PipelineSource.java(KilnCli.javaPipeline);
    }
    throw new UserError("name the pipeline file, e.g. kiln run pipelines/taxi.yaml");
  }
}
