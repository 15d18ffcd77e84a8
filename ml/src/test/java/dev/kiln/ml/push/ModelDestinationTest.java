package dev.kiln.ml.push;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelDestinationTest {
  @TempDir Path dir;

  @Test
  void pushesNumberedVersionsAndNeverOverwritesOne() throws IOException {
    ModelDestination d = ModelDestination.at(dir.resolve("models/taxi").toString());
    assertTrue(d.newest().isEmpty());
    ModelDestination.Pushed first = d.push("{\"w\":1}");
    ModelDestination.Pushed second = d.push("{\"w\":2}");
    assertEquals("000001", first.model().version());
    assertEquals("000002", second.model().version());
    assertTrue(first.written() && second.written());
    assertEquals("{\"w\":1}", Files.readString(dir.resolve("models/taxi/000001/model.json")));
    assertEquals("{\"w\":2}", Files.readString(dir.resolve("models/taxi/000002/model.json")));
    assertEquals("000002", d.newest().orElseThrow().version());
    assertEquals(List.of("000001", "000002"), names(dir.resolve("models/taxi")), "no temporary file is left");
  }

  @Test
  void pushingTheNewestModelAgainAddsNoCopy() {
    ModelDestination d = ModelDestination.at(dir.resolve("m").toString());
    d.push("{\"w\":1}");
    ModelDestination.Pushed again = d.push("{\"w\":1}");
    assertFalse(again.written());
    assertEquals("000001", again.model().version());
    assertEquals(1, d.versions().size());
  }

  @Test
  void aFolderClaimedByAnotherPushIsSkippedNotOverwritten() throws IOException {
    Path root = dir.resolve("m");
    ModelDestination d = ModelDestination.at(root.toString());
    d.push("{\"w\":1}");
    Files.createDirectories(root.resolve("000002")); // claimed by a push that has not renamed its file yet
    Files.writeString(root.resolve("000002/other.txt"), "keep");
    ModelDestination.Pushed pushed = d.push("{\"w\":3}");
    assertEquals("000003", pushed.model().version());
    assertEquals("keep", Files.readString(root.resolve("000002/other.txt")));
    assertFalse(Files.exists(root.resolve("000002/model.json")));
    assertEquals(List.of("000001", "000003"), d.versions().stream().map(PushedModel::version).toList());
  }

  @Test
  void versionsAreOrderedByNumberAndOtherFoldersAreIgnored() throws IOException {
    Path root = dir.resolve("m");
    for (String v : List.of("9", "10", "000002", "latest")) {
      Files.createDirectories(root.resolve(v));
      Files.writeString(root.resolve(v).resolve("model.json"), v);
    }
    ModelDestination d = ModelDestination.at(root.toString());
    assertEquals(List.of("000002", "9", "10"), d.versions().stream().map(PushedModel::version).toList());
    assertEquals("10", d.read(d.newest().orElseThrow()));
    assertEquals("000011", d.push("{}").model().version());
  }

  @Test
  void concurrentPushesNeverShareAVersion() throws Exception {
    ModelDestination d = ModelDestination.at(dir.resolve("m").toString());
    int pushes = 8;
    java.util.concurrent.CyclicBarrier start = new java.util.concurrent.CyclicBarrier(pushes);
    java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(pushes);
    try {
      List<java.util.concurrent.Future<ModelDestination.Pushed>> results = new java.util.ArrayList<>();
      for (int i = 0; i < pushes; i++) {
        String model = "{\"w\":" + i + "}";
        results.add(pool.submit(() -> {
          start.await();
          return d.push(model);
        }));
      }
      java.util.Set<String> versions = new java.util.TreeSet<>();
      for (int i = 0; i < pushes; i++) {
        ModelDestination.Pushed p = results.get(i).get();
        assertTrue(p.written());
        versions.add(p.model().version());
        assertEquals("{\"w\":" + i + "}", Files.readString(Path.of(p.model().uri())), "each version holds its own push's model");
      }
      assertEquals(pushes, versions.size(), "distinct versions: " + versions);
      assertEquals(pushes, d.versions().size());
    } finally {
      pool.shutdownNow();
    }
  }

  private static List<String> names(Path p) throws IOException {
    try (Stream<Path> s = Files.list(p)) {
      return s.map(x -> x.getFileName().toString()).sorted().toList();
    }
  }
}
