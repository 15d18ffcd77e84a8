package dev.kiln.core.api;

import dev.kiln.core.artifact.ArtifactStore;
import dev.kiln.core.artifact.DocumentWriter;
import dev.kiln.core.artifact.Manifest;
import dev.kiln.core.plan.MetadataKeys;
import dev.kiln.core.project.KilnProject;
import dev.kiln.core.project.StoreIdentity;
import dev.kiln.core.run.Orchestrator;
import dev.kiln.core.run.RunOutcome;
import dev.kiln.core.step.ResolvedPipeline;
import dev.kiln.metadata.Artifact;
import dev.kiln.metadata.Event;
import dev.kiln.metadata.MetadataStore;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Runs a resolved pipeline in a project, as {@code kiln run} does, and reads back what it made. */
final class LocalRun {
  private LocalRun() {}

  static PipelineRun run(ResolvedPipeline pipeline, RunOptions options) {
    KilnProject project = KilnProject.find(options.project()).orElseGet(() -> KilnProject.init(options.project()));
    try (MetadataStore store = MetadataStore.open(project.metadataUrl(), project.metadataUser(), project.metadataPassword())) {
      ArtifactStore artifacts = ArtifactStore.at(project.artifactRoot());
      StoreIdentity.check(store, artifacts, project.metadataUrl());
      RunOutcome outcome = new Orchestrator(store, artifacts, options.backend(), project.dir(), options.listener()).run(pipeline);
      return read(store, artifacts, outcome);
    }
  }

  /** Every step's committed outputs (OUTPUT events of its execution in this run) and the documents' JSON. */
  private static PipelineRun read(MetadataStore store, ArtifactStore artifacts, RunOutcome outcome) {
    Map<String, Map<String, PipelineRun.Output>> outputs = new TreeMap<>();
    Map<String, Map<String, String>> documents = new TreeMap<>();
    List<Long> ids = new ArrayList<>(outcome.executions().values().stream().filter(id -> id != null && id > 0).toList());
    Map<Long, String> stepOf = new TreeMap<>();
    outcome.executions().forEach((step, id) -> stepOf.put(id, step));
    for (Event e : store.eventsByExecutions(ids)) {
      if (e.type() != Event.Type.OUTPUT) {
        continue;
      }
      Artifact a = store.artifact(e.artifactId()).orElseThrow();
      String step = stepOf.get(e.executionId());
      Long records = a.longProperty(MetadataKeys.RECORDS);
      PipelineRun.Output out = new PipelineRun.Output(a.id(), a.type(), a.uri(), a.stringProperty(MetadataKeys.FINGERPRINT),
          records == null ? 0 : records);
      outputs.computeIfAbsent(step, s -> new TreeMap<>()).put(e.path(), out);
      if (!Manifest.DATASET.equals(a.type())) {
        artifacts.readManifest(a.uri()).ifPresent(m ->
            documents.computeIfAbsent(step, s -> new TreeMap<>()).put(e.path(), DocumentWriter.readCommitted(m)));
      }
    }
    return new PipelineRun(outcome, outputs, documents);
  }
}
