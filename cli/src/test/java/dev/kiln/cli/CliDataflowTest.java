package dev.kiln.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kiln.runners.gcp.testing.LocalDataflowServer;
import dev.kiln.runners.gcp.testing.LocalGcsServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** kiln run --runner dataflow against the local Dataflow and GCS servers: job id, progress, the job's end. */
class CliDataflowTest {
  @TempDir Path dir;

  @Test
  void runPrintsTheJobIdItsProgressAndEndsWithTheJobsState() throws IOException {
    StringBuilder csv = new StringBuilder("id,fare\n");
    for (int i = 0; i < 20; i++) {
      csv.append(i).append(',').append(i).append(".5\n");
    }
    Files.writeString(dir.resolve("data.csv"), csv);
    Files.writeString(dir.resolve("p.yaml"), """
        kiln: 1
        pipeline: small
        steps:
          data:  { uses: csv, with: { path: data.csv } }
          split: { uses: split, in: { examples: data.examples }, with: { key: id, ratios: { train: 0.5, eval: 0.5 } } }
        """);
    Path jar = Files.writeString(dir.resolve("kiln.jar"), "stand-in for the shaded jar");
    try (LocalGcsServer gcs = new LocalGcsServer().createBucket("kiln-cli");
        LocalDataflowServer dataflow = new LocalDataflowServer()) {
      dataflow.scriptNextJob(LocalDataflowServer.Script.of("JOB_STATE_RUNNING", "JOB_STATE_FAILED")
          .withMessage(0, "JOB_MESSAGE_BASIC", "Worker pool started.")
          .withMessage(1, "JOB_MESSAGE_ERROR", "Workflow failed. Causes: out of quota"));
      CliRunner.Result r = new CliRunner(dir).kiln("run", dir.resolve("p.yaml").toString(), "--runner", "dataflow",
          "--gcp-project", "kiln-test", "--region", "europe-west1", "--temp-location", "gs://kiln-cli/tmp",
          "--kiln-jar", jar.toString(), "--gcs-endpoint", gcs.endpoint(), "--dataflow-endpoint", dataflow.baseUrl() + "/");

      assertEquals(KilnCli.RUN_FAILED, r.exitCode(), r.out() + r.err());
      assertEquals(1, dataflow.submittedJobs().size());
      String out = r.out();
      java.util.regex.Matcher id = java.util.regex.Pattern.compile("Dataflow job (\\S+) submitted").matcher(out);
      assertTrue(id.find(), out);
      String job = id.group(1);
      assertTrue(out.contains("[dataflow basic] Worker pool started."), out);
      assertTrue(out.contains("Dataflow job " + job + ": RUNNING"), out);
      assertTrue(out.contains("Dataflow job " + job + ": FAILED"), out);
      assertTrue(out.matches("(?s).*\\n  data +FAILED +[0-9.]+s +Dataflow job " + job + " ended FAILED: Workflow failed\\. Causes: out of quota\\n.*"), out);
      assertTrue(out.matches("(?s).*\\n  split +FAILED .*"), out);
      assertTrue(out.indexOf(": RUNNING") < out.indexOf("[dataflow error]"), "state first, then the messages that came with it");
      assertTrue(gcs.names("kiln-cli", "tmp/staging/").stream().anyMatch(n -> n.contains("kiln")), "the jar is staged");
    }
  }
}
