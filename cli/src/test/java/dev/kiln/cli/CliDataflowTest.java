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
    // Dataflow's workers reach only Cloud Storage: the input and the artifact root are there
    Files.writeString(dir.resolve("p.yaml"), PIPELINE.replace("PATH", "gs://kiln-cli/data.csv"));
    gcsProject();
    Path jar = Files.writeString(dir.resolve("kiln.jar"), "stand-in for the shaded jar");
    Path steps = dir.resolve("my-steps.jar"); // a jar with the user's steps (empty here: only its staging is tested)
    try (java.util.jar.JarOutputStream out = new java.util.jar.JarOutputStream(Files.newOutputStream(steps))) {
      out.putNextEntry(new java.util.jar.JarEntry("com/example/README.txt"));
      out.write("user steps".getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }
    try (LocalGcsServer gcs = new LocalGcsServer().createBucket("kiln-cli");
        LocalDataflowServer dataflow = new LocalDataflowServer()) {
      gcs.put("kiln-cli", "data.csv", csv.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8));
      dataflow.scriptNextJob(LocalDataflowServer.Script.of("JOB_STATE_RUNNING", "JOB_STATE_FAILED")
          .withMessage(0, "JOB_MESSAGE_BASIC", "Worker pool started.")
          .withMessage(1, "JOB_MESSAGE_ERROR", "Workflow failed. Causes: out of quota"));
      CliRunner.Result r = new CliRunner(dir).kiln("run", dir.resolve("p.yaml").toString(), "--runner", "dataflow",
          "--gcp-project", "kiln-test", "--region", "europe-west1", "--temp-location", "gs://kiln-cli/tmp",
          "--kiln-jar", jar.toString(), "--jar", steps.toString(),
          "--gcs-endpoint", gcs.endpoint(), "--dataflow-endpoint", dataflow.baseUrl() + "/");

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
      assertTrue(gcs.names("kiln-cli", "tmp/staging/").stream().anyMatch(n -> n.contains("my-steps")),
          "the --jar with the user's steps is staged too: " + gcs.names("kiln-cli", "tmp/staging/"));
    }
  }

  @Test
  void aLocalInputFileOrArtifactRootIsRefusedInOneLineBeforeAnythingIsSubmitted() throws IOException {
    Files.writeString(dir.resolve("data.csv"), "id,fare\n1,2.5\n");
    Path jar = Files.writeString(dir.resolve("kiln.jar"), "stand-in for the shaded jar");
    try (LocalGcsServer gcs = new LocalGcsServer().createBucket("kiln-cli");
        LocalDataflowServer dataflow = new LocalDataflowServer()) {
      String[] options = {"--runner", "dataflow", "--gcp-project", "kiln-test", "--region", "europe-west1",
          "--temp-location", "gs://kiln-cli/tmp", "--kiln-jar", jar.toString(), "--gcs-endpoint", gcs.endpoint(),
          "--dataflow-endpoint", dataflow.baseUrl() + "/"};

      // the default project: a local artifact root
      Files.writeString(dir.resolve("p.yaml"), PIPELINE.replace("PATH", "gs://kiln-cli/data.csv"));
      CliRunner.Result root = run(options);
      assertEquals(KilnCli.USER_ERROR, root.exitCode(), root.out() + root.err());
      assertTrue(root.err().contains("the artifact root " + dir.resolve(".kiln/artifacts") + " is a local folder, but step 'data'"
          + " runs on dataflow"), root.err());

      // a gs:// root, but a local input file
      gcsProject();
      Files.writeString(dir.resolve("p.yaml"), PIPELINE.replace("PATH", "data.csv"));
      CliRunner.Result input = run(options);
      assertEquals(KilnCli.USER_ERROR, input.exitCode(), input.out() + input.err());
      assertTrue(input.err().contains("step 'data'") && input.err().contains("input file " + dir.resolve("data.csv")
          + " is on this machine, but the step runs on dataflow"), input.err());

      assertEquals(0, dataflow.submittedJobs().size(), "nothing was submitted");
      assertEquals(java.util.List.of(), gcs.names("kiln-cli", "tmp/"), "nothing was staged");
    }
  }

  private static final String PIPELINE = """
      kiln: 1
      pipeline: small
      steps:
        data:  { uses: csv, with: { path: PATH } }
        split: { uses: split, in: { examples: data.examples }, with: { key: id, ratios: { train: 0.5, eval: 0.5 } } }
      """;

  private CliRunner.Result run(String... options) {
    String[] args = new String[options.length + 2];
    args[0] = "run";
    args[1] = dir.resolve("p.yaml").toString();
    System.arraycopy(options, 0, args, 2, options.length);
    return new CliRunner(dir).kiln(args);
  }

  /** A project whose artifact root is in the local Cloud Storage server's bucket. */
  private void gcsProject() throws IOException {
    Files.createDirectories(dir.resolve(".kiln"));
    Files.writeString(dir.resolve(".kiln/config.yaml"), "metadata: jdbc:sqlite:.kiln/metadata.db\nartifacts: gs://kiln-cli/artifacts\n");
  }
}
