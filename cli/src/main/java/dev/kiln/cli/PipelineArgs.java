package dev.kiln.cli;

import dev.kiln.core.run.UserJars;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** The pipeline argument shared by plan and run, and the jars with the user's own code it may need. */
final class PipelineArgs {
  @Parameters(index = "0", arity = "0..1", paramLabel = "PIPELINE", description = "The pipeline file (YAML).")
  Path file;

  @Option(names = "--jar", paramLabel = "JAR", description = "A jar (or class folder) with your own steps, step types or"
      + " backends, added to the class path like KILN_CLASSPATH; repeatable. Staged with Kiln's jar to a Flink cluster"
      + " and to Dataflow.")
  List<Path> jars = new ArrayList<>();

  /** The pipeline, once the user's jars are on the class path (its step types and backends may come from them). */
  PipelineSource source() {
    addJars();
    if (file != null) {
      return PipelineSource.yaml(file);
    }
    if (KilnCli.javaPipeline != null) {
      return PipelineSource.java(KilnCli.javaPipeline);
    }
    throw new UserError("name the pipeline file, e.g. kiln run pipelines/taxi.yaml");
  }

  private void addJars() {
    if (jars.isEmpty()) {
      return;
    }
    try {
      UserJars.add(jars);
    } catch (IllegalArgumentException e) {
      throw new UserError(e.getMessage());
    }
  }
}
