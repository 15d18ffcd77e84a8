package dev.kiln.core.artifact;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kiln.core.fingerprint.Sha256;
import dev.kiln.core.step.Document;
import dev.kiln.core.testing.PolledParDos;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.coders.VarLongCoder;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.values.PCollection;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DocumentWriterTest {
  @TempDir Path tmp;

  private OutputTarget target(String step) {
    String uri = ArtifactStore.at(tmp.resolve("store").toString()).datasetTarget("p", step, "summary", 1, DatasetFormat.AVRO).uri();
    return new OutputTarget(uri, DatasetFormat.AVRO, "p", step, "summary", 1);
  }

  @Test
  void commitsTheDocumentAfterItsGateWithoutAParDoTheDirectRunnerPolls() throws Exception {
    Pipeline p = TestRows.pipeline();
    Path marker = tmp.resolve("gate-done");
    PCollection<Long> gate = p.apply("Gate", Create.of(1L).withCoder(VarLongCoder.of()))
        .apply("Mark", ParDo.of(new MarkFn(marker.toString())));
    Document doc = Document.of("Statistics", p.apply("Json", Create.of("{\"n\":1}"))).commitAfter(gate);
    OutputTarget target = target("stats");
    DocumentWriter.write(doc, target);

    assertEquals(List.of(), PolledParDos.in(p), "a commit waiting on a side input from the job's start");
    p.run().waitUntilFinish();

    Manifest m = ArtifactStore.at(target.uri()).readManifest(target.uri()).orElseThrow();
    assertEquals(Sha256.hex("{\"n\":1}".getBytes(StandardCharsets.UTF_8)), m.fingerprint());
    assertEquals("{\"n\":1}", DocumentWriter.readCommitted(m));
    assertTrue(Files.getLastModifiedTime(marker).toMillis()
        <= Files.getLastModifiedTime(Path.of(java.net.URI.create(target.uri()).getPath(), ArtifactStore.MANIFEST)).toMillis(),
        "committed before the gate was done");
  }

  @Test
  void aStepThatProducedTwoDocumentsFailsTheJobAndCommitsNothing() {
    Pipeline p = TestRows.pipeline();
    OutputTarget target = target("twice");
    DocumentWriter.write(Document.of("Statistics", p.apply("Json", Create.of("{\"n\":1}", "{\"n\":2}"))), target);
    RuntimeException e = assertThrows(RuntimeException.class, () -> p.run().waitUntilFinish());
    assertTrue(String.valueOf(rootMessage(e)).contains("step 'twice' produced 2 Statistics documents for output 'summary'"),
        String.valueOf(rootMessage(e)));
    assertTrue(ArtifactStore.at(target.uri()).readManifest(target.uri()).isEmpty());
  }

  @Test
  void aStepThatProducedNoDocumentFailsTheJob() {
    Pipeline p = TestRows.pipeline();
    OutputTarget target = target("none");
    DocumentWriter.write(Document.of("Statistics", p.apply("Json", Create.empty(org.apache.beam.sdk.coders.StringUtf8Coder.of()))), target);
    RuntimeException e = assertThrows(RuntimeException.class, () -> p.run().waitUntilFinish());
    assertTrue(String.valueOf(rootMessage(e)).contains("step 'none' produced 0 Statistics documents"), String.valueOf(rootMessage(e)));
  }

  private static String rootMessage(Throwable e) {
    Throwable t = e;
    while (t.getCause() != null) {
      t = t.getCause();
    }
    return t.getMessage();
  }

  /** Writes a file when it has processed its element, a little later than the document is there. */
  private static final class MarkFn extends DoFn<Long, Long> {
    private final String path;

    MarkFn(String path) {
      this.path = path;
    }

    @ProcessElement
    public void process(@Element Long n, OutputReceiver<Long> out) throws Exception {
      Thread.sleep(300);
      Files.writeString(Path.of(path), "done");
      out.output(n);
    }
  }
}
