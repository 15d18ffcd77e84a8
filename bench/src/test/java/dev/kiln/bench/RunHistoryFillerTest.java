package dev.kiln.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kiln.core.artifact.ArtifactStore;
import dev.kiln.core.plan.MetadataKeys;
import dev.kiln.core.plan.Plan;
import dev.kiln.core.project.KilnProject;
import dev.kiln.core.run.Orchestrator;
import dev.kiln.core.run.RunListener;
import dev.kiln.core.run.RunOutcome;
import dev.kiln.core.spec.YamlSpecLoader;
import dev.kiln.core.step.PipelineResolver;
import dev.kiln.core.step.ResolvedPipeline;
import dev.kiln.core.step.StepRegistry;
import dev.kiln.metadata.Context;
import dev.kiln.metadata.Event;
import dev.kiln.metadata.Execution;
import dev.kiln.metadata.MetadataStore;
import dev.kiln.runners.DirectBackend;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RunHistoryFillerTest {
  @TempDir Path dir;

  @Test
  void cachedRunsAreRecordedLikeTheOrchestratorsAndTheNextPlanIsStillCached() throws Exception {
    BenchProject p = smallTaxiProject();
    KilnProject project = KilnProject.find(p.dir()).orElseThrow();
    ResolvedPipeline pipeline = resolve(p);
    try (MetadataStore store = MetadataStore.open(project.metadataUrl())) {
      RunOutcome first = new Orchestrator(store, ArtifactStore.at(project.artifactRoot()), new DirectBackend(true, 2),
          project.dir(), RunListener.NONE).run(pipeline);
      assertTrue(first.succeeded(), String.valueOf(first.error()));
    }

    RunHistoryFiller.addCachedRuns(p.dir(), p.pipelineFile(), 5);

    try (MetadataStore store = MetadataStore.open(project.metadataUrl())) {
      List<Context> runs = store.contextsOfType(MetadataKeys.RUN, 100);
      assertEquals(6, runs.size());
      Context last = runs.get(0);
      assertEquals("taxi-bench-000004", last.name());
      assertEquals("COMPLETE", last.stringProperty(MetadataKeys.STATE));
      List<Execution> executions = store.executionsOfContext(last.id());
      assertEquals(List.of("data", "split", "label"), executions.stream().map(Execution::name).toList());
      assertTrue(executions.stream().allMatch(e -> e.state() == Execution.State.CACHED));
      Execution label = executions.get(2);
      List<Event> events = store.eventsByExecutions(List.of(label.id()));
      assertEquals(1, events.stream().filter(e -> e.type() == Event.Type.INPUT).count());
      assertEquals(1, events.stream().filter(e -> e.type() == Event.Type.OUTPUT).count());
      assertEquals(4, store.artifactsOfContext(last.id()).size()); // data: examples + rejected; split; label

      Plan plan = Orchestrator.plan(store, ArtifactStore.at(project.artifactRoot()), project.dir(), pipeline);
      assertTrue(plan.fullyCached());
    }
  }

  @Test
  void aPipelineThatNeverRanIsRefusedNamingTheStep() throws Exception {
    BenchProject p = smallTaxiProject();
    BenchException e = assertThrows(BenchException.class, () -> RunHistoryFiller.addCachedRuns(p.dir(), p.pipelineFile(), 3));
    assertTrue(e.getMessage().contains("step 'data' is RUN"), e.getMessage());
  }

  private BenchProject smallTaxiProject() throws Exception {
    List<String> taxi = Files.readAllLines(Path.of("../examples/data/taxi.csv"));
    Path csv = dir.resolve("taxi-small.csv");
    Files.write(csv, taxi.subList(0, 41));
    return BenchProject.create(dir.resolve("project"), BenchProject.taxiPipeline(csv), true);
  }

  private static ResolvedPipeline resolve(BenchProject p) {
    return new PipelineResolver(StepRegistry.standard()).resolve(YamlSpecLoader.load(p.pipelineFile()), p.pipelineFile().toString());
  }
}
