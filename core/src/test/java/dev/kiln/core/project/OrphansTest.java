package dev.kiln.core.project;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kiln.core.artifact.ArtifactStore;
import dev.kiln.core.plan.MetadataKeys;
import dev.kiln.metadata.Artifact;
import dev.kiln.metadata.Execution;
import dev.kiln.metadata.MetadataStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OrphansTest {
  @TempDir Path tmp;

  @Test
  void onlyFoldersNothingNeedsAreOrphansAndYoungOnesAreNotToBeRemoved() throws IOException {
    ArtifactStore artifacts = ArtifactStore.at(tmp.resolve("root").toString());
    try (MetadataStore store = MetadataStore.open("jdbc:sqlite:" + tmp.resolve("m.db"))) {
      String referenced = folder(artifacts, "1-aaaaaaaa", true, 3);
      String killed = folder(artifacts, "2-bbbbbbbb", false, 3);
      String unreferenced = folder(artifacts, "3-cccccccc", true, 3);
      String beingWritten = folder(artifacts, "4-dddddddd", false, 3);
      String justStarted = folder(artifacts, "5-eeeeeeee", false, 0);
      store.putArtifact(Artifact.create("Dataset", referenced, "taxi/data/examples", Map.of()));
      // a run in progress (its process is alive): its execution names the folder it writes
      store.putExecution(Execution.create("csv", "data", Execution.State.RUNNING,
          Map.of(MetadataKeys.PLANNED_OUTPUTS, "{\"examples\":\"" + beingWritten + "\"}")));

      Map<String, Orphans.Orphan> found = Orphans.find(store, artifacts, Duration.ofMinutes(60)).stream()
          .collect(Collectors.toMap(o -> o.folder().uri(), o -> o));
      assertEquals(List.of(killed, unreferenced, justStarted).stream().sorted().toList(), found.keySet().stream().sorted().toList());
      assertEquals("no manifest: left by a killed or failed run", found.get(killed).why());
      assertEquals("committed, but no execution references it", found.get(unreferenced).why());
      assertFalse(found.get(killed).recent());
      assertTrue(found.get(justStarted).recent(), "a folder a run may have started after the store was read");
    }
  }

  private static String folder(ArtifactStore artifacts, String name, boolean committed, int hoursOld) throws IOException {
    Path dir = Path.of(artifacts.datasetUri("taxi", "data", "examples", name));
    Files.createDirectories(dir);
    Path part = Files.writeString(dir.resolve("part-00000-of-00001.avro"), "x");
    FileTime time = FileTime.fromMillis(System.currentTimeMillis() - hoursOld * 3_600_000L);
    Files.setLastModifiedTime(part, time);
    if (committed) {
      Files.setLastModifiedTime(Files.writeString(dir.resolve("_MANIFEST.json"), "{}"), time);
    }
    return dir + "/";
  }
}
