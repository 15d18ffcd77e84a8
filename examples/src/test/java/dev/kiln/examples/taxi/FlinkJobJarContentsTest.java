package dev.kiln.examples.taxi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kiln.runners.flink.FlinkJobJar;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The built Flink job jar ({@code flink-job/target/kiln-flink-job.jar}) against Kiln's own jar
 * ({@code cli/target/kiln.jar}), both made by {@code mvn package}: it is from the same build, every
 * class in it is byte for byte the one in Kiln's jar (so tasks run what the client and the other runners run),
 * leaves out what the cluster has or a Flink task never uses, and keeps what steps need at run time.
 * The cluster run of {@link TaxiOnFlinkE2eTest} shows that it actually runs the taxi pipeline.
 */
@Tag("e2e")
class FlinkJobJarContentsTest {
  private static final Path REPO = Path.of("..").toAbsolutePath().normalize();
  private static final Path KILN = REPO.resolve("cli/target/kiln.jar");
  private static final Path JOB = REPO.resolve("flink-job/target/" + FlinkJobJar.FILE_NAME);

  @Test
  void everyClassInTheJobJarIsTheSameAsInKilnsJar() throws IOException {
    assertTrue(Files.isRegularFile(KILN) && Files.isRegularFile(JOB), "build both jars with mvn -DskipTests package");
    assertEquals(JOB, FlinkJobJar.choose(KILN, JOB.toString()), "same Kiln classes in both");

    // byte for byte (CRC-32 and size from the jars' directories): the same libraries at the same versions,
    // so tasks run exactly what the client and the other runners run
    Map<String, long[]> kiln = classes(KILN);
    Map<String, long[]> job = classes(JOB);
    assertTrue(job.size() > 50_000, "the job jar carries Beam and Kiln's libraries: " + job.size() + " classes");
    List<String> differ = new ArrayList<>();
    job.forEach((name, crcAndSize) -> {
      long[] theirs = kiln.get(name);
      if (theirs == null || theirs[0] != crcAndSize[0] || theirs[1] != crcAndSize[1]) {
        differ.add(name + (theirs == null ? " (not in kiln.jar)" : " (other bytes in kiln.jar)"));
      }
    });
    assertEquals(List.of(), differ.stream().limit(10).toList(), differ.size() + " classes differ from kiln.jar's");
  }

  @Test
  void theJobJarLeavesOutFlinkDataflowAndTheMetadataStoresDriversButKeepsWhatTasksNeed() throws IOException {
    try (ZipFile zip = new ZipFile(JOB.toFile())) {
      for (String absent : List.of("org/apache/flink/", "flink-rpc-akka.jar", "org/apache/beam/runners/dataflow/",
          "org/apache/beam/runners/direct/", "org/apache/beam/sdk/io/gcp/bigquery/", "org/sqlite/", "org/postgresql/",
          "org/flywaydb/", "picocli/", "org/slf4j/", "dev/kiln/cli/", "org/eclipse/jetty/")) {
        assertEquals(List.of(), entriesUnder(zip, absent), absent + " is not in the job jar");
      }
      for (String present : List.of("org/apache/beam/runners/flink/FlinkRunner.class",
          "org/apache/beam/sdk/extensions/gcp/storage/GcsFileSystemRegistrar.class",
          "dev/kiln/runners/flink/FlinkBackend.class", "dev/kiln/ml/transform/ApplyTransformGraph.class",
          "org/tribuo/Model.class", "org/apache/commons/io/build/AbstractStreamBuilder.class",
          "dev/kiln/serving/deploy/DeployStep.class", "dev/kiln/serving/deploy/LocalServingBackend.class")) {
        assertNotNull(zip.getEntry(present), present + " is in the job jar");
      }
      // a pipeline with a deploy step runs on a cluster: the task finds the step type and its backends
      assertTrue(service(zip, "dev.kiln.core.step.StepType").contains("dev.kiln.serving.deploy.DeployStepType"),
          "the deploy step type is announced in the job jar");
      assertTrue(service(zip, "dev.kiln.serving.deploy.ServingBackend").contains("dev.kiln.serving.deploy.LocalServingBackend"),
          "the local serving backend is announced in the job jar");
      ZipEntry registrars = zip.getEntry("META-INF/services/org.apache.beam.sdk.io.FileSystemRegistrar");
      try (InputStream in = zip.getInputStream(registrars)) {
        String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(text.contains("org.apache.beam.sdk.extensions.gcp.storage.GcsFileSystemRegistrar"),
            "gs:// artifact roots work in tasks: " + text);
      }
    }
    // Tasks need what the cluster does not have, the Parquet reader (parquet-avro, a minimal Hadoop and
    // zstd-jni's natives, about 27 MB) among it: with it the job jar is about 50% of kiln.jar, not below.
    assertTrue(Files.size(JOB) < Files.size(KILN) * 0.55,
        "the job jar is about half of kiln.jar: " + Files.size(JOB) + " of " + Files.size(KILN) + " bytes");
  }

  private static String service(ZipFile zip, String name) throws IOException {
    ZipEntry e = zip.getEntry("META-INF/services/" + name);
    if (e == null) {
      return "";
    }
    try (InputStream in = zip.getInputStream(e)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  private static List<String> entriesUnder(ZipFile zip, String prefix) {
    return Collections.list(zip.entries()).stream().map(ZipEntry::getName).filter(n -> n.startsWith(prefix)).limit(3).toList();
  }

  /** class file name → {CRC-32, size}, from the zip's central directory. */
  private static Map<String, long[]> classes(Path jar) throws IOException {
    Map<String, long[]> out = new TreeMap<>();
    try (ZipFile zip = new ZipFile(jar.toFile())) {
      for (ZipEntry e : Collections.list(zip.entries())) {
        // module descriptors: each library brings one and the shade keeps whichever comes first; a jar on
        // the class path is an unnamed module, so they are never read
        if (e.getName().endsWith(".class") && !e.getName().endsWith("module-info.class")) {
          out.put(e.getName(), new long[] {e.getCrc(), e.getSize()});
        }
      }
    }
    return out;
  }
}
