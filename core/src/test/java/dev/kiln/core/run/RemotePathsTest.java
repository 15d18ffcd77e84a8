package dev.kiln.core.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.kiln.core.spec.SpecException;
import dev.kiln.core.testing.TestBackend;
import dev.kiln.core.testing.TestProject;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A remote backend's workers cannot reach this machine's paths: refused before anything is submitted. */
class RemotePathsTest {
  private static final String PIPELINE = """
      kiln: 1
      pipeline: remote
      steps:
        data:  { uses: csv, with: { path: PATH } }
        split: { uses: split, BACKEND in: { examples: data.examples }, with: { key: id, ratios: { train: 0.5, eval: 0.5 } } }
      """;

  @TempDir Path dir;
  TestProject project;
  final TestBackend local = new TestBackend("direct");
  final RemoteBackend dataflow = new RemoteBackend();

  @BeforeEach
  void open() {
    project = new TestProject(dir);
  }

  @AfterEach
  void close() {
    project.close();
  }

  private void check(String path, String backendLine, Backend defaultBackend, String root) {
    var p = project.resolve(PIPELINE.replace("PATH", path).replace("BACKEND", backendLine));
    RunBackends backends = new RunBackends(defaultBackend, name -> name.equals("dataflow") ? dataflow : local);
    RemotePaths.check(p, backends, root, dir);
  }

  @Test
  void aLocalArtifactRootIsRefusedWhenAStepRunsRemotely() {
    SpecException e = assertThrows(SpecException.class, () -> check("gs://b/data.csv", "", dataflow, "/work/p/.kiln/artifacts"));
    assertEquals("the artifact root /work/p/.kiln/artifacts is a local folder, but step 'data' runs on dataflow, whose workers"
        + " write the outputs there; set artifacts: gs://BUCKET/PREFIX in .kiln/config.yaml", e.getMessage());
  }

  @Test
  void aLocalInputFileIsRefusedNamingTheFileAndTheStep() {
    SpecException e = assertThrows(SpecException.class, () -> check("data/trips.csv", "", dataflow, "gs://b/artifacts"));
    String file = dir.resolve("data/trips.csv").toString();
    assertEquals(1, e.getMessage().lines().count());
    assertEquals(true, e.getMessage().contains("step 'data'") && e.getMessage().contains("input file " + file + " is on this machine")
        && e.getMessage().contains("runs on dataflow"), e.getMessage());
  }

  @Test
  void onlyStepsOnTheRemoteBackendAreChecked() {
    // data reads a local file on the local default backend; only split runs on dataflow, and reads artifacts
    check("data/trips.csv", "backend: dataflow,", local, "gs://b/artifacts");
    // a local root with a remote step is refused, whichever step it is
    SpecException e = assertThrows(SpecException.class, () -> check("data/trips.csv", "backend: dataflow,", local, dir.toString()));
    assertEquals(true, e.getMessage().contains("step 'split' runs on dataflow"), e.getMessage());
    // all local: nothing to refuse
    check("data/trips.csv", "", local, dir.toString());
    check("file:///tmp/x.csv", "", local, dir.toString());
    assertThrows(SpecException.class, () -> check("file:///tmp/x.csv", "", dataflow, "gs://b/a"));
  }

  /** A backend whose workers are elsewhere; it never runs anything in these tests. */
  static final class RemoteBackend implements Backend {
    @Override public String name() { return "dataflow"; }
    @Override public boolean remote() { return true; }
    @Override public org.apache.beam.sdk.Pipeline newPipeline(String jobName) { throw new UnsupportedOperationException(); }
    @Override public org.apache.beam.sdk.PipelineResult start(org.apache.beam.sdk.Pipeline p) { throw new UnsupportedOperationException(); }
  }
}
