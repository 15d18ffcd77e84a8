package dev.kiln.runners.dataflow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kiln.core.artifact.ArtifactStore;
import dev.kiln.core.artifact.FileSystemSetup;
import dev.kiln.core.run.Orchestrator;
import dev.kiln.core.run.RunListener;
import dev.kiln.core.run.RunOutcome;
import dev.kiln.core.spec.YamlSpecLoader;
import dev.kiln.core.step.PipelineResolver;
import dev.kiln.core.step.ResolvedPipeline;
import dev.kiln.core.testing.TestSteps;
import dev.kiln.metadata.Execution;
import dev.kiln.metadata.MetadataStore;
import dev.kiln.runners.gcp.GcpSettings;
import dev.kiln.runners.gcp.testing.LocalDataflowServer;
import dev.kiln.runners.gcp.testing.LocalGcsServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.values.TypeDescriptors;
import org.joda.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The dataflow backend against the local Dataflow and GCS servers: what is submitted, staged and followed. */
class DataflowBackendTest {
  static final String PROJECT = "kiln-test-project";

  @TempDir Path dir;
  LocalGcsServer gcs;
  LocalDataflowServer dataflow;
  GcpSettings gcp;
  Path jar;
  final List<String> progress = Collections.synchronizedList(new ArrayList<>());

  @BeforeEach
  void setUp() throws IOException {
    gcs = new LocalGcsServer().createBucket("kiln-df");
    dataflow = new LocalDataflowServer();
    gcp = new GcpSettings(PROJECT, gcs.endpoint(), dataflow.baseUrl() + "/");
    FileSystemSetup.configure(gcp.beamArgs());
    jar = dir.resolve("kiln.jar");
    try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar))) {
      out.putNextEntry(new JarEntry("dev/kiln/Marker.txt"));
      out.write("a stand-in for the shaded Kiln jar".getBytes());
    }
  }

  @AfterEach
  void tearDown() {
    gcs.close();
    dataflow.close();
  }

  DataflowBackend backend(String template) {
    DataflowSettings s = new DataflowSettings(gcp, "europe-west1", "gs://kiln-df/tmp", "gs://kiln-df/staging",
        "runner@" + PROJECT + ".iam.gserviceaccount.com", "n2-standard-2", 3, "kiln-net",
        "regions/europe-west1/subnetworks/kiln", Map.of("team", "ml"), template, jar);
    return new DataflowBackend(s, progress::add, 20);
  }

  static void smallJob(Pipeline p) {
    p.apply("Numbers", Create.of(1, 2, 3)).apply("Double", MapElements.into(TypeDescriptors.integers()).via((Integer x) -> x * 2));
  }

  @Test
  void submitsOneJobWithTheStagedJarAndOptionsAndFollowsItFromRunningToDone() {
    DataflowBackend backend = backend(null);
    Pipeline p = backend.newPipeline("demo-run1-stage0", "demo-20250101-120000-ab12");
    smallJob(p);
    PipelineResult result = backend.start(p);
    assertEquals(PipelineResult.State.DONE, result.waitUntilFinish(Duration.standardSeconds(30)));

    List<JsonNode> jobs = dataflow.submittedJobs();
    assertEquals(1, jobs.size());
    JsonNode job = jobs.get(0);
    assertEquals("demo-run1-stage0", job.get("name").asText());
    assertEquals("demo-20250101-120000-ab12", job.get("labels").get("kiln-run").asText(), "the Kiln run id labels the job");
    assertEquals("ml", job.get("labels").get("team").asText());
    JsonNode pool = job.get("environment").get("workerPools").get(0);
    assertEquals("n2-standard-2", pool.get("machineType").asText());
    assertEquals(3, pool.get("autoscalingSettings").get("maxNumWorkers").asInt());
    assertEquals("kiln-net", pool.get("network").asText());
    assertEquals("regions/europe-west1/subnetworks/kiln", pool.get("subnetwork").asText());
    assertEquals("runner@" + PROJECT + ".iam.gserviceaccount.com", job.get("environment").get("serviceAccountEmail").asText());
    boolean jarStaged = false;
    for (JsonNode pkg : pool.get("packages")) {
      String location = pkg.get("location").asText();
      assertTrue(location.contains("kiln-df/staging/"), "staged under the staging location: " + location);
      String object = location.substring(location.indexOf("kiln-df/") + "kiln-df/".length());
      if (pkg.get("name").asText().startsWith("kiln")) {
        jarStaged = gcs.object("kiln-df", object).isPresent();
      }
    }
    assertTrue(jarStaged, "the jar was uploaded to the staging location: " + pool.get("packages"));
    String options = job.get("environment").get("sdkPipelineOptions").toString();
    assertTrue(options.contains("\"region\":\"europe-west1\""), options);
    assertTrue(job.get("steps") != null || job.has("pipelineDescription") || job.get("environment").has("userAgent"),
        "the job describes the pipeline");

    String id = jobs.isEmpty() ? "" : dataflowJobId(progress);
    assertTrue(progress.stream().anyMatch(l -> l.startsWith("Dataflow job " + id + " submitted")), progress.toString());
    assertTrue(progress.contains("Dataflow job " + id + ": RUNNING"), progress.toString());
    assertTrue(progress.contains("Dataflow job " + id + ": DONE"), progress.toString());
  }

  @Test
  void aFailedJobEndsFailedWithDataflowsErrorMessages() {
    dataflow.scriptNextJob(LocalDataflowServer.Script.of("JOB_STATE_RUNNING", "JOB_STATE_RUNNING", "JOB_STATE_FAILED")
        .withMessage(1, "JOB_MESSAGE_BASIC", "Workers have started successfully.")
        .withMessage(2, "JOB_MESSAGE_ERROR", "java.lang.IllegalStateException: fare must not be negative, line 17"));
    DataflowBackend backend = backend(null);
    Pipeline p = backend.newPipeline("demo-stage0", "r");
    smallJob(p);
    PipelineResult result = backend.start(p);
    assertEquals(PipelineResult.State.FAILED, result.waitUntilFinish(Duration.standardSeconds(30)));
    String message = backend.failureMessage(result);
    assertTrue(message.matches("Dataflow job \\S+ ended FAILED: java.lang.IllegalStateException: fare must not be negative, line 17"),
        message);
    assertTrue(progress.contains("  [dataflow basic] Workers have started successfully."), progress.toString());
  }

  @Test
  void stoppingKilnAsksDataflowToCancelTheJob() {
    dataflow.scriptNextJob(LocalDataflowServer.Script.of("JOB_STATE_RUNNING"));
    DataflowBackend backend = backend(null);
    Pipeline p = backend.newPipeline("demo-stage0", "r");
    smallJob(p);
    DataflowJobFollower job = (DataflowJobFollower) backend.start(p);
    assertEquals(PipelineResult.State.RUNNING, job.waitUntilFinish(Duration.millis(100)));

    job.simulateStop(); // what the shutdown hook does on Ctrl-C
    assertEquals("JOB_STATE_CANCELLED", dataflow.requestedState(job.jobId()));
    assertEquals(PipelineResult.State.CANCELLED, job.waitUntilFinish(Duration.standardSeconds(10)));
  }

  @Test
  void withATemplateLocationTheJobIsWrittenAndNotRun() {
    DataflowBackend backend = backend("gs://kiln-df/templates/demo.json");
    Pipeline p = backend.newPipeline("demo-stage0", "r");
    smallJob(p);
    PipelineResult result = backend.start(p);

    assertEquals(PipelineResult.State.CANCELLED, result.getState(), "over at once, and nothing ran");
    assertEquals("not run: the stage was written as a Dataflow template to gs://kiln-df/templates/demo.json;"
        + " launch it with gcloud dataflow jobs run (its outputs are not recorded by Kiln)", backend.failureMessage(result));
    assertEquals(List.of(), dataflow.submittedJobs(), "nothing was submitted");
    String template = new String(gcs.object("kiln-df", "templates/demo.json").orElseThrow().data());
    assertTrue(template.contains("\"workerPools\""), template);
    assertTrue(template.contains("kiln-df/staging/"), "the template names the staged jar");
  }

  @Test
  void aSevenStepPipelineSubmitsOneJobAndAFailureMarksEveryStepWithTheJobsError() {
    dataflow.scriptNextJob(LocalDataflowServer.Script.of("JOB_STATE_RUNNING", "JOB_STATE_FAILED")
        .withMessage(1, "JOB_MESSAGE_ERROR", "Workflow failed. Causes: S01:a3 failed."));
    String yaml = """
        kiln: 1
        pipeline: seven
        steps:
          data:  { uses: rows, with: { count: 50 } }
          split: { uses: split, in: { examples: data }, with: { key: id, ratios: { train: 0.5, eval: 0.5 } } }
          a1: { uses: transform, class: dev.kiln.core.testing.AddOne, in: { examples: split.train } }
          a2: { uses: transform, class: dev.kiln.core.testing.AddOne, in: { examples: split.eval } }
          a3: { uses: transform, class: dev.kiln.core.testing.AddOneAgain, in: { examples: split.train } }
          a4: { uses: transform, class: dev.kiln.core.testing.AddOneAgain, in: { examples: split } }
          a5: { uses: transform, class: dev.kiln.core.testing.AddOne, in: { examples: data } }
        """;
    ResolvedPipeline pipeline = new PipelineResolver(TestSteps.registry()).resolve(YamlSpecLoader.parse(yaml, "seven.yaml"), "seven.yaml");
    try (MetadataStore store = MetadataStore.open("jdbc:sqlite:" + dir.resolve("metadata.db"))) {
      RunOutcome outcome = new Orchestrator(store, ArtifactStore.at("gs://kiln-df/artifacts"), backend(null), dir, RunListener.NONE)
          .run(pipeline);

      assertEquals(1, dataflow.submittedJobs().size(), "seven steps, one Dataflow job; " + outcome.error());
      assertEquals(7, outcome.steps().size());
      outcome.steps().values().forEach(state -> assertEquals("FAILED", state));
      String jobId = dataflowJobId(progress);
      assertTrue(outcome.error().matches("step '\\w+': Dataflow job " + jobId + " ended FAILED: Workflow failed\\. Causes: S01:a3 failed\\."),
          outcome.error());
      Execution a5 = store.execution(outcome.executions().get("a5")).orElseThrow();
      assertEquals(Execution.State.FAILED, a5.state());
      assertTrue(dataflow.submittedJobs().get(0).get("labels").get("kiln-run").asText().equals(outcome.runName()),
          "labelled with the run");
    }
  }

  static String dataflowJobId(List<String> progress) {
    for (String line : progress) {
      if (line.startsWith("Dataflow job ") && line.contains(" submitted")) {
        return line.substring("Dataflow job ".length(), line.indexOf(" submitted"));
      }
    }
    return "";
  }

}
