package dev.kiln.cli;

import dev.kiln.core.api.KilnPipeline;
import dev.kiln.core.spec.YamlSpecLoader;
import dev.kiln.core.step.PipelineResolver;
import dev.kiln.core.step.ResolvedPipeline;
import dev.kiln.core.step.StepRegistry;
import java.nio.file.Path;

/** Where the pipeline of a command comes from: a YAML file, or a pipeline built in Java. */
interface PipelineSource {
  ResolvedPipeline resolve();

  static PipelineSource yaml(Path file) {
    return () -> new PipelineResolver(StepRegistry.standard()).resolve(YamlSpecLoader.load(file), file.toString());
  }

  static PipelineSource java(KilnPipeline pipeline) {
    return () -> pipeline.resolve(StepRegistry.standard());
  }
}
