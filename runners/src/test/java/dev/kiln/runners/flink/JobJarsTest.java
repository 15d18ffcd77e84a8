package dev.kiln.runners.flink;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JobJarsTest {
  @TempDir Path dir;

  private Path jar(String name, String... entries) throws IOException {
    Path jar = dir.resolve(name);
    try (ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(jar))) {
      for (String e : entries) {
        zip.putNextEntry(new ZipEntry(e));
        zip.write(1);
        zip.closeEntry();
      }
    }
    return jar;
  }

  private Path shaded() throws IOException {
    return jar("kiln.jar", JobJars.SHADED_MARKER, "dev/kiln/runners/flink/FlinkBackend.class");
  }

  @Test
  void theShadedJarComesFirstWithUserJarsAfterItWithoutDuplicates() throws IOException {
    Path kiln = shaded();
    Path user = jar("steps.jar", "com/example/Step.class");
    assertEquals(List.of(kiln, user), JobJars.checked(List.of(kiln, user, kiln)));
  }

  @Test
  void aClassFolderOfUserStepsMayBeStaged() throws IOException {
    Path kiln = shaded();
    Path classes = Files.createDirectories(dir.resolve("classes"));
    assertEquals(List.of(kiln, classes), JobJars.checked(List.of(kiln, classes)));
  }

  @Test
  void aMissingJarIsNamedWithHowToBuildIt() {
    Path missing = dir.resolve("kiln.jar");
    FlinkUnavailableException e = assertThrows(FlinkUnavailableException.class, () -> JobJars.checked(List.of(missing)));
    assertEquals("job jar " + missing + " does not exist; build it with mvn -DskipTests package", e.getMessage());
  }

  @Test
  void aThinJarIsNotTakenForKilnsShadedJar() throws IOException {
    Path thin = jar("kiln-runners.jar", "dev/kiln/runners/flink/FlinkBackend.class");
    FlinkUnavailableException e = assertThrows(FlinkUnavailableException.class, () -> JobJars.checked(List.of(thin)));
    assertTrue(e.getMessage().startsWith(thin + " is not Kiln's shaded jar"), e.getMessage());
  }

  @Test
  void aShadedJarWithoutTheFlinkBackendIsRefused() throws IOException {
    Path old = jar("old-kiln.jar", JobJars.SHADED_MARKER);
    assertThrows(FlinkUnavailableException.class, () -> JobJars.checked(List.of(old)));
  }

  @Test
  void aFileThatIsNotAJarIsRefused() throws IOException {
    Path text = Files.writeString(dir.resolve("kiln.jar"), "hello");
    assertThrows(FlinkUnavailableException.class, () -> JobJars.checked(List.of(text)));
  }

  @Test
  void nothingToStageIsRefused() {
    assertThrows(FlinkUnavailableException.class, () -> JobJars.checked(List.of()));
  }

  @Test
  void runningFromClassFoldersIsNoBasisForStaging() {
    // the tests run Kiln from target/classes, not from a jar
    FlinkUnavailableException e = assertThrows(FlinkUnavailableException.class, JobJars::fromClassPath);
    assertTrue(e.getMessage().contains("but Kiln runs from the class folder"), e.getMessage());
  }

  @Test
  void aRealZipIsCheckedForTheMarker() throws IOException {
    try (OutputStream ignored = Files.newOutputStream(dir.resolve("x"))) {
      // an empty file is not a zip
    }
    assertEquals(false, JobJars.isShadedKilnJar(dir.resolve("x")));
    assertEquals(true, JobJars.isShadedKilnJar(shaded()));
  }
}
