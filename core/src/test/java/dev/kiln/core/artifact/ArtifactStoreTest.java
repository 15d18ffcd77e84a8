package dev.kiln.core.artifact;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ArtifactStoreTest {
  @TempDir Path tmp;
  private ArtifactStore store;
  private String uri;
  private Path dir;

  @BeforeEach
  void setUp() {
    store = ArtifactStore.at(tmp.resolve("root").toString());
    uri = store.datasetUri("taxi", "split", "examples", 42);
    dir = Path.of(uri);
  }

  @Test
  void laysOutDatasetsByPipelineStepPortAndExecution() {
    assertEquals(tmp.resolve("root") + "/", store.root());
    assertEquals(tmp.resolve("root/taxi/split/examples/42") + "/", uri);
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> store.datasetUri("taxi", "../etc", "examples", 1));
    assertTrue(e.getMessage().startsWith("step name '../etc' cannot be a directory"), e.getMessage());
  }

  @Test
  void aFolderWithoutManifestIsInvisible() throws IOException {
    Files.createDirectories(dir.resolve("split=train"));
    Files.writeString(dir.resolve("split=train/part-00000-of-00001.avro"), "left by a killed run");
    assertTrue(store.readManifest(uri).isEmpty());
    assertTrue(store.readManifest(store.datasetUri("taxi", "split", "examples", 43)).isEmpty());
  }

  @Test
  void commitWritesCanonicalJsonThatReadsBackEqual() throws IOException {
    Manifest written = manifestFor(writeFile("split=train/part-00000-of-00001.avro", "abc"));
    Manifest committed = store.commit(uri, written);
    Manifest read = store.readManifest(uri).orElseThrow();
    assertEquals(committed, read);
    assertEquals(uri, read.location());

    String json = Files.readString(dir.resolve(ArtifactStore.MANIFEST));
    assertTrue(json.indexOf("\"avroSchema\"") < json.indexOf("\"committedAt\""), "keys sorted");
    assertTrue(json.indexOf("\"committedAt\"") < json.indexOf("\"fingerprint\""), "keys sorted");
    assertTrue(json.contains("\"avroSchema\" : {"), "schema embedded as JSON, not a string");
    assertTrue(json.contains("\"format\" : \"avro\""));
    try (Stream<Path> files = Files.list(dir)) {
      assertEquals(List.of(ArtifactStore.MANIFEST, "split=train"),
          files.map(p -> p.getFileName().toString()).sorted().toList(), "no temporary file left");
    }
  }

  @Test
  void committingTwiceRefusesAndKeepsTheFirstManifest() throws IOException {
    Manifest first = manifestFor(writeFile("part-00000-of-00001.avro", "abc"));
    store.commit(uri, first);
    String before = Files.readString(dir.resolve(ArtifactStore.MANIFEST));

    Manifest second = new Manifest(1, "Dataset", DatasetFormat.AVRO, first.avroSchema(), 99, "other",
        first.splits(), first.producer(), "x", "2030-01-01T00:00:00Z", null);
    IllegalStateException e = assertThrows(IllegalStateException.class, () -> store.commit(uri, second));
    assertTrue(e.getMessage().contains("_MANIFEST.json already exists"), e.getMessage());
    assertEquals(before, Files.readString(dir.resolve(ArtifactStore.MANIFEST)));
  }

  @Test
  void aManifestThatDoesNotParseIsAnErrorNamingTheFile() throws IOException {
    Files.createDirectories(dir);
    Path file = dir.resolve(ArtifactStore.MANIFEST);

    Files.writeString(file, "{ \"kind\": \"Dataset\", ");
    IllegalArgumentException truncated = assertThrows(IllegalArgumentException.class, () -> store.readManifest(uri));
    assertTrue(truncated.getMessage().startsWith(file + " is not a valid manifest"), truncated.getMessage());
    assertEquals(1, truncated.getMessage().lines().count(), "one line");

    String valid = new String(ManifestJson.write(manifestFor(writeFile("a.avro", "x"))), StandardCharsets.UTF_8);
    Files.writeString(file, valid.replace("\"sizeBytes\" : 1", "\"sizeBytes\" : \"one\""));
    IllegalArgumentException badField = assertThrows(IllegalArgumentException.class, () -> store.readManifest(uri));
    assertTrue(badField.getMessage().contains("field 'splits[0].files[0].sizeBytes' must be an integer"), badField.getMessage());

    Files.writeString(file, valid.replace("\"format\" : \"avro\"", "\"format\" : \"parquet\""));
    IllegalArgumentException badFormat = assertThrows(IllegalArgumentException.class, () -> store.readManifest(uri));
    assertTrue(badFormat.getMessage().contains("unknown dataset format 'parquet'"), badFormat.getMessage());
  }

  @Test
  void checkIntactDetectsADeletedFile() throws IOException {
    Manifest m = store.commit(uri, manifestFor(writeFile("split=train/part-00000-of-00001.avro", "abc")));
    assertTrue(store.checkIntact(m).isIntact());

    Files.delete(dir.resolve("split=train/part-00000-of-00001.avro"));
    Integrity result = store.checkIntact(m);
    assertEquals(Integrity.Status.MISSING, result.status());
    assertTrue(result.reason().contains("split=train/part-00000-of-00001.avro is missing"), result.reason());
  }

  @Test
  void checkIntactDetectsAModifiedFile() throws IOException {
    Path data = writeFile("split=train/part-00000-of-00001.avro", "abc");
    Manifest m = store.commit(uri, manifestFor(data));

    Files.writeString(data, "abd"); // same size, new modification time
    Files.setLastModifiedTime(data, FileTime.fromMillis(Files.getLastModifiedTime(data).toMillis() + 5000));
    Integrity touched = store.checkIntact(m);
    assertEquals(Integrity.Status.DAMAGED, touched.status());
    assertTrue(touched.reason().contains("part-00000-of-00001.avro was modified after the commit"), touched.reason());

    Files.writeString(data, "abcd");
    Integrity grown = store.checkIntact(m);
    assertEquals(Integrity.Status.DAMAGED, grown.status());
    assertTrue(grown.reason().contains("has 4 bytes, the manifest says 3"), grown.reason());
  }

  @Test
  void verifyContentCatchesWhatMetadataCannot() throws IOException {
    Path data = writeFile("part-00000-of-00001.avro", "abc");
    Manifest m = store.commit(uri, manifestFor(data));
    FileTime mtime = Files.getLastModifiedTime(data);
    Files.writeString(data, "xyz");
    Files.setLastModifiedTime(data, mtime); // same size and time: only the checksum can tell

    assertTrue(store.checkIntact(m).isIntact());
    Integrity full = store.verifyContent(m);
    assertEquals(Integrity.Status.DAMAGED, full.status());
    assertTrue(full.reason().endsWith("part-00000-of-00001.avro does not match its recorded sha256"), full.reason());
  }

  @Test
  void checkIntactWorksFromTheProducerWhenTheManifestHasNoLocation() throws IOException {
    Manifest m = manifestFor(writeFile("part-00000-of-00001.avro", "abc"));
    assertTrue(store.checkIntact(m).isIntact());
    Files.delete(dir.resolve("part-00000-of-00001.avro"));
    assertFalse(store.checkIntact(m).isIntact());
  }

  @Test
  void folderNamesAreUniqueBeyondTheExecutionId() {
    String a = ArtifactStore.newFolderName(7);
    String b = ArtifactStore.newFolderName(7);
    assertTrue(a.matches("7-[0-9a-f]{8}"), a);
    assertFalse(a.equals(b), "a restored store hands out execution ids again; folders must still differ");
    assertEquals(tmp.resolve("root/taxi/split/examples/" + a) + "/", store.datasetUri("taxi", "split", "examples", a));
  }

  @Test
  void aFolderThatHoldsFilesIsNeverWrittenAgain() throws IOException {
    ArtifactStore.requireUnwritten(uri); // nothing there yet
    writeFile("split=train/part-00000-of-00001.avro", "an earlier execution's data");
    IllegalStateException e = assertThrows(IllegalStateException.class, () -> ArtifactStore.requireUnwritten(uri));
    assertTrue(e.getMessage().contains("already holds " + dir.resolve("split=train/part-00000-of-00001.avro")), e.getMessage());
  }

  @Test
  void theRootRecordsTheFirstStoreThatClaimsIt() throws IOException {
    assertTrue(store.storeMarker().isEmpty());
    assertFalse(store.holdsFiles());
    assertEquals("store-a", store.claim("store-a"));
    assertEquals("store-a", store.claim("store-b"), "a claim never replaces another store's");
    assertEquals("store-a", store.storeMarker().orElseThrow());
    assertFalse(store.holdsFiles(), "the marker alone is not an artifact");
    writeFile("part-00000-of-00001.avro", "x");
    assertTrue(store.holdsFiles());
  }

  @Test
  void aManifestThatContradictsItselfIsNotValid() throws IOException {
    Manifest m = store.commit(uri, manifestFor(writeFile("part-00000-of-00001.avro", "abc")));
    Path file = dir.resolve(ArtifactStore.MANIFEST);
    String json = Files.readString(file);
    assertEquals(sha256(Files.readAllBytes(file)), m.contentSha256(), "the recorded sha256 is the file's");

    Files.writeString(file, json.replaceFirst("\"records\" : 1,", "\"records\" : 7,"));
    IllegalArgumentException count = assertThrows(IllegalArgumentException.class, () -> store.readManifest(uri));
    assertTrue(count.getMessage().endsWith("is not a valid manifest: records is 7 but its splits hold 1"), count.getMessage());

    String edited = (m.fingerprint().charAt(0) == '0' ? "1" : "0") + m.fingerprint().substring(1);
    Files.writeString(file, json.replace("\"fingerprint\" : \"" + m.fingerprint(), "\"fingerprint\" : \"" + edited));
    IllegalArgumentException fp = assertThrows(IllegalArgumentException.class, () -> store.readManifest(uri));
    assertTrue(fp.getMessage().endsWith("fingerprint does not match the fingerprints of its splits"), fp.getMessage());
  }

  private static String sha256(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new AssertionError(e);
    }
  }

  private Path writeFile(String relative, String content) throws IOException {
    Path file = dir.resolve(relative);
    Files.createDirectories(file.getParent());
    Files.writeString(file, content);
    return file;
  }

  /** A manifest for one unsplit file, with its real size, time and checksum. */
  private Manifest manifestFor(Path file) throws IOException {
    byte[] bytes = Files.readAllBytes(file);
    String sha;
    try {
      sha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new AssertionError(e);
    }
    Manifest.FileEntry entry = new Manifest.FileEntry(dir.relativize(file).toString(), bytes.length,
        Files.getLastModifiedTime(file).toMillis(), sha);
    String schema = "{\"type\":\"record\",\"name\":\"r\",\"fields\":[{\"name\":\"id\",\"type\":\"long\"}]}";
    List<Manifest.SplitEntry> splits = List.of(new Manifest.SplitEntry("", 1, "f", List.of(entry)));
    return new Manifest(1, "Dataset", DatasetFormat.AVRO, schema, 1, Manifest.datasetFingerprint(splits), splits,
        new Manifest.Producer("taxi", "split", "examples", 42), Manifest.KILN_VERSION,
        "2026-01-01T00:00:00Z", null);
  }
}
