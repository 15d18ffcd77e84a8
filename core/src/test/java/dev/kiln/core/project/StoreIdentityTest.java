package dev.kiln.core.project;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kiln.core.artifact.ArtifactStore;
import dev.kiln.core.plan.MetadataKeys;
import dev.kiln.metadata.Context;
import dev.kiln.metadata.MetadataStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StoreIdentityTest {
  @TempDir Path tmp;

  private MetadataStore store(String name) {
    return MetadataStore.open("jdbc:sqlite:" + tmp.resolve(name));
  }

  private ArtifactStore root() {
    return ArtifactStore.at(tmp.resolve("artifacts").toString());
  }

  @Test
  void aNewRootIsClaimedByItsStoreAndAcceptedAfterwards() {
    try (MetadataStore s = store("a.db")) {
      StoreIdentity.check(s, root(), "a.db");
      assertEquals(s.storeId(), root().storeMarker().orElseThrow());
      StoreIdentity.check(s, root(), "a.db"); // again: fine
    }
  }

  @Test
  void anotherStoreIsRefusedInOneLine() {
    try (MetadataStore a = store("a.db"); MetadataStore b = store("b.db")) {
      StoreIdentity.check(a, root(), "a.db");
      StoreMismatchException e = assertThrows(StoreMismatchException.class, () -> StoreIdentity.check(b, root(), "b.db"));
      assertTrue(e.getMessage().contains("belongs to another metadata store (id " + a.storeId() + "), not to b.db"), e.getMessage());
      assertTrue(e.getMessage().contains("set 'artifacts:' in .kiln/config.yaml to a new folder"), e.getMessage());
      assertEquals(1, e.getMessage().lines().count());
    }
  }

  @Test
  void anEmptyStoreBesideArtifactsWithoutMarkerIsRefused() throws IOException {
    Path part = tmp.resolve("artifacts/taxi/data/examples/1/part-00000-of-00001.avro");
    Files.createDirectories(part.getParent());
    Files.writeString(part, "made by a store that is gone");
    try (MetadataStore s = store("new.db")) {
      StoreMismatchException e = assertThrows(StoreMismatchException.class, () -> StoreIdentity.check(s, root(), "new.db"));
      assertTrue(e.getMessage().contains("holds artifacts, but the metadata store new.db is empty"), e.getMessage());
      assertTrue(root().storeMarker().isEmpty(), "nothing claimed");
    }
  }

  @Test
  void aStoreWithRunsAdoptsTheRootItWroteBeforeStoreIdsExisted() throws IOException {
    Path part = tmp.resolve("artifacts/taxi/data/examples/1/part-00000-of-00001.avro");
    Files.createDirectories(part.getParent());
    Files.writeString(part, "written by this store before schema version 2");
    try (MetadataStore s = store("old.db")) {
      s.putContext(Context.create(MetadataKeys.RUN, "taxi-1", Map.of()));
      StoreIdentity.check(s, root(), "old.db");
      assertEquals(s.storeId(), root().storeMarker().orElseThrow());
    }
  }
}
