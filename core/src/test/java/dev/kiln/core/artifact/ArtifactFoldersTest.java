package dev.kiln.core.artifact;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ArtifactFoldersTest {
  @TempDir Path tmp;

  @Test
  void listsEveryFolderOfTheLayoutWithItsFilesAndWhetherItIsCommitted() throws IOException {
    ArtifactStore store = ArtifactStore.at(tmp.toString());
    store.claim("s1");
    write("taxi/data/examples/1-aaaaaaaa/_MANIFEST.json", "{}");
    write("taxi/data/examples/1-aaaaaaaa/part-00000-of-00001.avro", "abc");
    write("taxi/split/examples/2-bbbbbbbb/split=train/part-00000-of-00001.avro", "abcd");
    write("taxi/stray.txt", "not in the layout");

    List<ArtifactFolders.Folder> folders = ArtifactFolders.of(store).list();
    assertEquals(2, folders.size(), folders.toString());
    ArtifactFolders.Folder committed = folders.get(0);
    assertEquals(tmp.resolve("taxi/data/examples/1-aaaaaaaa") + "/", committed.uri());
    assertTrue(committed.committed());
    assertEquals(2, committed.files().size());
    ArtifactFolders.Folder killed = folders.get(1);
    assertFalse(killed.committed());
    assertEquals(4, killed.bytes());
    assertTrue(killed.newestMillis() > 0);
  }

  @Test
  void deleteRemovesTheFilesAndTheEmptiedFoldersOnly() throws IOException {
    ArtifactStore store = ArtifactStore.at(tmp.toString());
    write("taxi/split/examples/2-bbbbbbbb/split=train/part-00000-of-00001.avro", "x");
    write("taxi/split/examples/2-bbbbbbbb/_MANIFEST.json", "{}");
    write("taxi/split/examples/3-cccccccc/part-00000-of-00001.avro", "kept");
    ArtifactFolders folders = ArtifactFolders.of(store);
    folders.delete(folders.list().get(0));
    assertFalse(Files.exists(tmp.resolve("taxi/split/examples/2-bbbbbbbb")));
    assertTrue(Files.exists(tmp.resolve("taxi/split/examples/3-cccccccc/part-00000-of-00001.avro")));
    assertEquals(1, folders.list().size());
  }

  private void write(String relative, String content) throws IOException {
    Path file = tmp.resolve(relative);
    Files.createDirectories(file.getParent());
    Files.writeString(file, content);
  }
}
