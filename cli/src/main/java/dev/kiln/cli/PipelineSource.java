package dev.kiln.cli;

import dev.kiln.core.api.KilnPipeline;
import dev.kiln.core.spec.PipelineSpec;
import dev.kiln.core.spec.YamlSpecLoader;
import dev.kiln.core.step.PipelineResolver;
import dev.kiln.core.step.ResolvedPipeline;
import dev.kiln.core.step.StepRegistry;
import java.nio.file.Path;

/** Where the pipeline of a command comes from: a YAML file, or a pipeline built in Java. */
interface PipelineSource {
  ResolvedPipeline resolve();

  static PipelineSource yaml(Path file) {
    return () -> {
      PipelineSpec spec = YamlSpecLoader.load(file);
      StartupProfile.mark("load yaml");
      ResolvedPipeline resolved = new PipelineResolver(StepRegistry.standard()).resolve(spec, file.toString());
      StartupProfile.mark("resolve steps");
      return resolved;
    };
  }

  static PipelineSource java(KilnPipeline pipeline) {
    return () -> pipeline.resolve(StepRegistry.standard());
  }
}
