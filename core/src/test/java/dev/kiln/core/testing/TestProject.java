package dev.kiln.core.testing;

import dev.kiln.core.artifact.ArtifactStore;
import dev.kiln.core.plan.Plan;
import dev.kiln.core.run.Orchestrator;
import dev.kiln.core.run.RunListener;
import dev.kiln.core.run.RunOutcome;
import dev.kiln.core.spec.YamlSpecLoader;
import dev.kiln.core.step.PipelineResolver;
import dev.kiln.core.step.ResolvedPipeline;
import dev.kiln.metadata.MetadataStore;
import java.nio.file.Path;

/** A project in a temporary folder: a real SQLite store, a local artifact root, the test backend. */
public final class TestProject implements AutoCloseable {
  public final Path dir;
  public final MetadataStore store;
  public final ArtifactStore artifacts;
  public final TestBackend backend = new TestBackend();

  public TestProject(Path dir) {
    this.dir = dir;
    this.store = MetadataStore.open("jdbc:sqlite:" + dir.resolve(".kiln/metadata.db"));
    this.artifacts = ArtifactStore.at(dir.resolve(".kiln/artifacts").toString());
  }

  public ResolvedPipeline resolve(String yaml) {
    return new PipelineResolver(TestSteps.registry()).resolve(YamlSpecLoader.parse(yaml, "test.yaml"), "test.yaml");
  }

  public RunOutcome run(String yaml) {
    return orchestrator().run(resolve(yaml));
  }

  public Plan plan(String yaml) {
    return orchestrator().plan(resolve(yaml));
  }

  public Orchestrator orchestrator() {
    return new Orchestrator(store, artifacts, backend, dir, RunListener.NONE);
  }

  @Override
  public void close() {
    store.close();
  }
}
