package dev.kiln.runners;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kiln.core.plan.MetadataKeys;
import dev.kiln.core.run.Backend;
import dev.kiln.core.run.BackendProviders;
import dev.kiln.core.run.Orchestrator;
import dev.kiln.core.run.RunBackends;
import dev.kiln.core.run.RunListener;
import dev.kiln.core.run.RunOutcome;
import dev.kiln.core.run.UserJars;
import dev.kiln.core.spec.SpecException;
import dev.kiln.core.testing.TestProject;
import dev.kiln.runners.testing.TestJars;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.apache.beam.sdk.Pipeline;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A user adds a backend as they add a step type: a BackendProvider in a jar of their own, found by
 * ServiceLoader once the jar is added the way {@code --jar} adds it. The jar is compiled here, so its
 * classes are on no class path of the test.
 */
class UserBackendJarTest {
  private static final String PIPELINE = """
      kiln: 1
      pipeline: custom
      steps:
        data:  { uses: rows, with: { count: 40 } }
        split: { uses: split, backend: acme, in: { examples: data }, with: { key: id, ratios: { train: 0.5, eval: 0.5 } } }
      """;

  private static final String PROVIDER = """
      package com.acme.kiln;

      import dev.kiln.core.run.Backend;
      import dev.kiln.core.run.BackendProvider;
      import dev.kiln.core.run.BackendSettings;
      import java.nio.file.Files;
      import java.nio.file.Path;
      import org.apache.beam.sdk.Pipeline;
      import org.apache.beam.sdk.PipelineResult;
      import org.apache.beam.sdk.options.PipelineOptions;
      import org.apache.beam.sdk.options.PipelineOptionsFactory;

      public final class AcmeProvider implements BackendProvider {
        public String name() { return "acme"; }

        public Backend create(BackendSettings settings) {
          return new Backend() {
            public String name() { return "acme"; }

            public Pipeline newPipeline(String jobName) {
              PipelineOptions o = PipelineOptionsFactory.fromArgs("--runner=DirectRunner").create();
              return Pipeline.create(o);
            }

            public PipelineResult start(Pipeline pipeline) {
              try { // leave a trace that this backend, not another, ran the stage
                Files.writeString(Path.of(System.getProperty("acme.trace")), "ran on acme");
              } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
              }
              return pipeline.run();
            }

            public String jobId(PipelineResult result) { return "acme-job-1"; }
          };
        }
      }
      """;

  @TempDir Path dir;
  TestProject project;
  ClassLoader before;

  @BeforeEach
  void open() {
    before = Thread.currentThread().getContextClassLoader();
    project = new TestProject(dir.resolve("project"));
  }

  @AfterEach
  void close() {
    project.close();
    Thread.currentThread().setContextClassLoader(before);
    System.clearProperty("acme.trace");
  }

  @Test
  void aBackendFromASeparateJarRunsTheStepsThatNameIt() throws Exception {
    assertThrows(SpecException.class, () -> Backends.named("acme"), "not known before its jar is added");
    SpecException unknown = assertThrows(SpecException.class, () -> project.resolve(PIPELINE));
    assertTrue(unknown.getMessage().contains("'acme' is not a backend"), unknown.getMessage());

    Path jar = TestJars.build(dir, "acme-backend", Map.of("com.acme.kiln.AcmeProvider", PROVIDER),
        Map.of("META-INF/services/dev.kiln.core.run.BackendProvider", "com.acme.kiln.AcmeProvider\n"),
        Backend.class, Pipeline.class);
    ClassLoader loader = UserJars.add(java.util.List.of(jar));
    assertTrue(UserJars.added().contains(jar.toAbsolutePath().normalize()));
    assertTrue(BackendProviders.names().contains("acme"), BackendProviders.names().toString());

    Backend acme = Backends.named("acme");
    assertEquals("acme", acme.name());
    assertEquals(loader, acme.getClass().getClassLoader(), "made by the class from the user's jar");
    assertNotSame(before, loader);

    Path trace = dir.resolve("trace.txt");
    System.setProperty("acme.trace", trace.toString());
    RunBackends backends = new RunBackends(project.backend, Backends::named);
    RunOutcome run = new Orchestrator(project.store, project.artifacts, backends, dir, RunListener.NONE).run(project.resolve(PIPELINE));
    assertTrue(run.succeeded(), run.error());
    assertEquals(Map.of("data", "COMPLETE", "split", "COMPLETE"), run.steps());
    assertEquals("ran on acme", Files.readString(trace));
    var split = project.store.execution(run.executions().get("split")).orElseThrow();
    assertEquals("acme", split.stringProperty(MetadataKeys.BACKEND));
  }
}
