package dev.kiln.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 13, items 1–4, as a user meets them: a store that does not belong to its artifact root, a
 * manifest edited by hand, damage that keeps size and modification time, a truncated manifest, and
 * orphaned folders. Each ended with exit 0 and a wrong result (or blocked every run) before.
 */
@Tag("e2e") // about twenty pipeline runs: a few minutes; core's IntegrityCheckTest and friends are the fast twins
class IntegrityE2eTest {
  @TempDir Path dir;
  @TempDir Path otherDir;
  private CliRunner cli;
  private Path pipeline;

  private static final String PIPELINE = """
      kiln: 1
      pipeline: small
      steps:
        data:  { uses: csv, with: { path: data.csv } }
        split: { uses: split, in: { examples: data.examples }, with: { key: id, ratios: { train: 0.5, eval: 0.5 } } }
      """;

  @BeforeEach
  void project() throws IOException {
    StringBuilder csv = new StringBuilder("id,fare,tips\n");
    for (int i = 0; i < 200; i++) {
      csv.append(i).append(',').append(5 + i).append(".5,").append(i % 3).append('\n');
    }
    Files.writeString(dir.resolve("data.csv"), csv);
    pipeline = dir.resolve("p.yaml");
    Files.writeString(pipeline, PIPELINE);
    cli = new CliRunner(dir);
  }

  private CliRunner.Result run() {
    return cli.kiln("run", pipeline.toString());
  }

  private Path artifacts() {
    return dir.resolve(".kiln/artifacts");
  }

  /** The one committed folder of a step's port. */
  private Path committed(String step, String port) throws IOException {
    List<Path> found = folders(artifacts().resolve("small").resolve(step).resolve(port)).stream()
        .filter(f -> Files.exists(f.resolve("_MANIFEST.json"))).toList();
    assertEquals(1, found.size(), "committed folders of " + step + "." + port + ": " + found);
    return found.get(0);
  }

  private static List<Path> folders(Path under) throws IOException {
    if (!Files.isDirectory(under)) {
      return List.of();
    }
    try (Stream<Path> s = Files.list(under)) {
      return s.filter(Files::isDirectory).sorted().toList();
    }
  }

  private static Path firstDataFile(Path folder) throws IOException {
    try (Stream<Path> s = Files.walk(folder)) {
      return s.filter(p -> p.getFileName().toString().endsWith(".avro")).sorted().findFirst().orElseThrow();
    }
  }

  // ----- 1. a new store beside old artifacts -----

  @Test
  void aDeletedMetadataStoreBesideArtifactsIsRefusedAndNothingIsOverwritten() throws Exception {
    assertEquals(0, run().exitCode());
    Path data = firstDataFile(committed("data", "examples"));
    String before = sha256(data);
    Files.delete(dir.resolve(".kiln/metadata.db"));
    Files.deleteIfExists(dir.resolve(".kiln/metadata.db-wal"));
    Files.deleteIfExists(dir.resolve(".kiln/metadata.db-shm"));
    Files.writeString(dir.resolve("data.csv"), "id,fare,tips\n1,2.5,0\n");

    CliRunner.Result runs = cli.kiln("runs");
    assertEquals(KilnCli.USER_ERROR, runs.exitCode(), runs.out() + runs.err());
    assertFalse(runs.out().contains("No runs yet"), runs.out());
    assertEquals(1, runs.err().strip().lines().count(), runs.err());
    assertTrue(runs.err().contains(artifacts().toString()) && runs.err().contains("metadata store"), runs.err());

    CliRunner.Result again = run();
    assertEquals(KilnCli.USER_ERROR, again.exitCode(), again.out() + again.err());
    assertEquals(before, sha256(data), "the old part file is untouched");
    assertEquals(1, folders(artifacts().resolve("small/data/examples")).size(), "no new folder written");
  }

  @Test
  void anotherStoreIsRefusedEvenWhenItHasRunsOfItsOwn() throws Exception {
    assertEquals(0, run().exitCode());
    Path other = otherDir; // not below dir: a project is found by walking up
    Files.writeString(other.resolve("data.csv"), Files.readString(dir.resolve("data.csv")));
    Files.writeString(other.resolve("p.yaml"), PIPELINE);
    CliRunner otherCli = new CliRunner(other);
    assertEquals(0, otherCli.kiln("run", other.resolve("p.yaml").toString()).exitCode());
    // Point the second project at the first one's artifact root.
    Files.writeString(other.resolve(".kiln/config.yaml"),
        "metadata: jdbc:sqlite:.kiln/metadata.db\nartifacts: " + artifacts() + "\n");

    CliRunner.Result r = otherCli.kiln("run", other.resolve("p.yaml").toString());
    assertEquals(KilnCli.USER_ERROR, r.exitCode(), r.out() + r.err());
    assertTrue(r.err().contains("belongs to another metadata store"), r.err());
  }

  @Test
  void everyExecutionWritesAFolderOfItsOwnEvenWhenExecutionIdsRepeat() throws Exception {
    assertEquals(0, run().exitCode());
    Path backup = dir.resolve("metadata-backup.db");
    Files.copy(dir.resolve(".kiln/metadata.db"), backup);
    Path firstSplit = committed("split", "examples");
    String before = sha256(firstDataFile(firstSplit));

    // A restored backup: the next executions get the same ids as ones already written.
    Files.writeString(pipeline, PIPELINE.replace("train: 0.5, eval: 0.5", "train: 0.6, eval: 0.4"));
    assertEquals(0, run().exitCode());
    Files.copy(backup, dir.resolve(".kiln/metadata.db"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    Files.deleteIfExists(dir.resolve(".kiln/metadata.db-wal"));
    Files.deleteIfExists(dir.resolve(".kiln/metadata.db-shm"));
    Files.writeString(pipeline, PIPELINE.replace("train: 0.5, eval: 0.5", "train: 0.7, eval: 0.3"));
    CliRunner.Result third = run();
    assertEquals(0, third.exitCode(), third.out() + third.err());

    assertEquals(before, sha256(firstDataFile(firstSplit)), "an artifact folder is never written twice");
    assertEquals(3, folders(artifacts().resolve("small/split/examples")).size());
  }

  // ----- 2. a manifest edited by hand -----

  @Test
  void anEditedRecordCountOrFingerprintIsNotTrusted() throws Exception {
    assertEquals(0, run().exitCode());
    Path manifest = committed("split", "examples").resolve("_MANIFEST.json");
    String json = Files.readString(manifest);
    Files.writeString(manifest, json.replaceFirst("\"records\" : 200", "\"records\" : 150"));

    CliRunner.Result plan = cli.kiln("plan", pipeline.toString());
    assertTrue(plan.out().matches("(?s).*split +RUN +output missing or damaged: .*_MANIFEST.json is not a valid manifest: records is 150 but its splits hold 200.*"),
        plan.out());
    CliRunner.Result again = run();
    assertEquals(0, again.exitCode(), again.out() + again.err());
    assertTrue(again.out().matches("(?s).*split +COMPLETE.*examples 200 rows.*"), again.out());
  }

  @Test
  void aFileRemovedFromTheManifestIsNotTrusted() throws Exception {
    assertEquals(0, run().exitCode());
    Path manifest = committed("data", "examples").resolve("_MANIFEST.json");
    String json = Files.readString(manifest);
    // Drop the last file of the list (the list has one file per shard), or damage the only one's checksum.
    int files = json.indexOf("\"files\" : [");
    int last = json.lastIndexOf("}, {", json.indexOf("]", files));
    // One file (the DirectRunner writes a file per bundle): change its checksum instead.
    String edited = last < files
        ? json.replaceFirst("\"sha256\" : \"[0-9a-f]{4}", "\"sha256\" : \"0000")
        : json.substring(0, last) + "} " + json.substring(json.indexOf("]", files));
    assertNotEquals(json, edited);
    Files.writeString(manifest, edited);

    CliRunner.Result plan = cli.kiln("plan", pipeline.toString());
    assertTrue(plan.out().matches("(?s).*data +RUN +output missing or damaged: .*changed after its commit.*"), plan.out());
  }

  // ----- 3. damage that keeps size and modification time; a truncated manifest -----

  @Test
  void damageThatKeepsSizeAndTimeIsFoundByVerifyAndRecomputedByTheNextRun() throws Exception {
    assertEquals(0, run().exitCode());
    Path data = firstDataFile(committed("data", "examples"));
    damageKeepingSizeAndTime(data);

    CliRunner.Result verify = cli.kiln("verify", "--all");
    assertEquals(KilnCli.RUN_FAILED, verify.exitCode(), verify.out() + verify.err());
    assertTrue(verify.out().matches("(?s).*DAMAGED +#\\d+ +small/data/examples .*" + data.getFileName() + " does not match its recorded sha256.*"),
        verify.out());
    assertTrue(verify.out().contains("1 damaged"), verify.out());

    CliRunner.Result plan = cli.kiln("plan", pipeline.toString());
    assertTrue(plan.out().matches("(?s).*data +RUN +output missing or damaged: .*marked damaged by kiln verify.*"), plan.out());
    CliRunner.Result again = run();
    assertEquals(0, again.exitCode(), again.out() + again.err());
    assertTrue(again.out().matches("(?s).*data +COMPLETE.*"), again.out());
    assertTrue(again.out().matches("(?s).*split +CACHED.*"), "same data again, so split stays cached: " + again.out());
    CliRunner.Result last = cli.kiln("verify", "last");
    assertEquals(0, last.exitCode(), "the last run's artifacts are intact: " + last.out());
    assertTrue(last.out().contains("3 intact, 0 damaged"), last.out());
  }

  @Test
  void aReadThatFailsOnADamagedFileNamesTheFileAndStepAndTheNextRunRecomputesIt() throws Exception {
    assertEquals(0, run().exitCode());
    Path data = firstDataFile(committed("data", "examples"));
    damageKeepingSizeAndTime(data);
    Files.writeString(pipeline, PIPELINE.replace("train: 0.5, eval: 0.5", "train: 0.6, eval: 0.4"));

    CliRunner.Result failed = run();
    assertEquals(KilnCli.RUN_FAILED, failed.exitCode(), failed.out() + failed.err());
    assertTrue(failed.err().contains(data.toString()) && failed.err().contains("output 'examples' of step 'data'")
        && failed.err().contains("marked damaged"), failed.err());

    CliRunner.Result again = run();
    assertEquals(0, again.exitCode(), again.out() + again.err());
    assertTrue(again.out().matches("(?s).*data +COMPLETE.*"), again.out());
    assertTrue(again.out().matches("(?s).*split +COMPLETE.*"), again.out());
  }

  @Test
  void aTruncatedManifestMeansRecomputeNotABlockedRun() throws Exception {
    assertEquals(0, run().exitCode());
    Path manifest = committed("data", "examples").resolve("_MANIFEST.json");
    byte[] bytes = Files.readAllBytes(manifest);
    Files.write(manifest, java.util.Arrays.copyOf(bytes, bytes.length / 2));

    CliRunner.Result again = run();
    assertEquals(0, again.exitCode(), again.out() + again.err());
    assertTrue(again.out().matches("(?s).*data +COMPLETE.*"), again.out());
    CliRunner.Result verify = cli.kiln("verify", "--all");
    assertTrue(verify.out().contains("is not a valid manifest"), verify.out());
  }

  // ----- 4. orphans -----

  @Test
  void gcListsOrphansAndRemovesThemOnlyWithDelete() throws Exception {
    assertEquals(0, run().exitCode());
    Path committed = committed("data", "examples");
    // A killed run's folder (no manifest) and a committed folder no execution references.
    Path killed = artifacts().resolve("small/split/examples/99-0badc0de");
    Files.createDirectories(killed.resolve("split=train"));
    Files.writeString(killed.resolve("split=train/part-00000-of-00001.avro"), "partial");
    Path unreferenced = artifacts().resolve("small/data/examples/98-feedf00d");
    copyTree(committed, unreferenced);
    Path fresh = artifacts().resolve("small/data/examples/97-00000000");
    Files.createDirectories(fresh);
    Files.writeString(fresh.resolve("part-00000-of-00001.avro"), "being written");
    age(killed, 3);
    age(unreferenced, 3);

    CliRunner.Result verify = cli.kiln("verify", "--all");
    assertTrue(verify.out().contains("ORPHAN") && verify.out().contains(killed + "/")
        && verify.out().contains(unreferenced + "/"), verify.out());

    CliRunner.Result dry = cli.kiln("gc");
    assertEquals(0, dry.exitCode(), dry.out() + dry.err());
    assertTrue(dry.out().contains("would remove " + killed + "/") && dry.out().contains("would remove " + unreferenced + "/"), dry.out());
    assertFalse(dry.out().contains(fresh.toString()), "a folder written minutes ago may belong to a run in progress: " + dry.out());
    assertTrue(Files.exists(killed) && Files.exists(unreferenced));

    CliRunner.Result delete = cli.kiln("gc", "--delete");
    assertEquals(0, delete.exitCode(), delete.out() + delete.err());
    assertFalse(Files.exists(killed), delete.out());
    assertFalse(Files.exists(unreferenced), delete.out());
    assertTrue(Files.exists(fresh));
    assertTrue(Files.exists(committed.resolve("_MANIFEST.json")), "what a COMPLETE execution references stays");
    CliRunner.Result cached = run();
    assertTrue(cached.out().contains("plan: 2 cached, 0 to run"), cached.out());
  }

  private static void copyTree(Path from, Path to) throws IOException {
    try (Stream<Path> s = Files.walk(from)) {
      for (Path p : s.toList()) {
        Path target = to.resolve(from.relativize(p).toString());
        if (Files.isDirectory(p)) {
          Files.createDirectories(target);
        } else {
          Files.copy(p, target);
        }
      }
    }
  }

  /** Sets every file's modification time {@code hours} back. */
  private static void age(Path folder, int hours) throws IOException {
    FileTime old = FileTime.fromMillis(System.currentTimeMillis() - hours * 3_600_000L);
    try (Stream<Path> s = Files.walk(folder)) {
      for (Path p : s.toList()) {
        Files.setLastModifiedTime(p, old);
      }
    }
  }

  /** Flips bytes inside the last data block; size and modification time stay as they were. */
  static void damageKeepingSizeAndTime(Path file) throws IOException {
    FileTime mtime = Files.getLastModifiedTime(file);
    try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw")) {
      long at = f.length() - 40;
      byte[] b = new byte[16];
      f.seek(at);
      f.readFully(b);
      for (int i = 0; i < b.length; i++) {
        b[i] = (byte) ~b[i];
      }
      f.seek(at);
      f.write(b);
    }
    Files.setLastModifiedTime(file, mtime);
  }

  static String sha256(Path file) throws Exception {
    return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
  }
}
