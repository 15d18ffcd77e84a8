package dev.kiln.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kiln.core.project.KilnProject;
import dev.kiln.metadata.Execution;
import dev.kiln.metadata.MetadataStore;
import dev.kiln.serving.ServingFolder;
import dev.kiln.serving.deploy.LiveVersionLog;
import java.net.ServerSocket;
import java.time.Instant;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code kiln serve}'s user errors (exit 2, one line) and {@code --rollback}. Serving itself: TaxiServingE2eTest. */
class CliServeTest {
  @TempDir Path dir;

  @Test
  void aMissingFolderOrArtifactIsAUserError() {
    CliRunner cli = new CliRunner(dir);
    CliRunner.Result r = cli.kiln("serve", dir.resolve("models/nothing").toString());
    assertEquals(2, r.exitCode(), r.err());
    assertTrue(r.err().contains("is neither a folder of model versions, a Model artifact id nor run:RUN"), r.err());
    assertEquals(1, r.err().strip().lines().count(), r.err());

    assertEquals(0, cli.kiln("init").exitCode());
    CliRunner.Result none = cli.kiln("serve", "#999");
    assertEquals(2, none.exitCode(), none.err());
    assertTrue(none.err().contains("there is no artifact #999"), none.err());
  }

  @Test
  void aFolderThatIsNotAModelOrATakenPortIsAUserError() throws Exception {
    Files.createDirectories(dir.resolve("models/broken/000001"));
    Files.writeString(dir.resolve("models/broken/000001/model.json"), "{}");
    CliRunner cli = new CliRunner(dir);
    CliRunner.Result r = cli.kiln("serve", dir.resolve("models/broken").toString(), "--port", "0");
    assertEquals(2, r.exitCode(), r.err());
    assertTrue(r.err().contains("model 'broken'") && r.err().contains("format"), r.err());

    Files.writeString(dir.resolve("models/broken/000001/model.json"), model());
    try (ServerSocket taken = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      CliRunner.Result port = cli.kiln("serve", dir.resolve("models/broken").toString(), "--port", Integer.toString(taken.getLocalPort()));
      assertEquals(2, port.exitCode(), port.err());
      assertTrue(port.err().contains("cannot listen on 127.0.0.1:" + taken.getLocalPort()) && port.err().contains("--port"), port.err());
    }
  }

  @Test
  void rollbackSwitchesTheFolderBackOneVersion() throws Exception {
    for (String v : new String[] {"000001", "000002"}) {
      Files.createDirectories(dir.resolve("serving/m/" + v));
      Files.writeString(dir.resolve("serving/m/" + v + "/model.json"), model());
    }
    CliRunner cli = new CliRunner(dir);
    CliRunner.Result r = cli.kiln("serve", dir.resolve("serving/m").toString(), "--rollback");
    assertEquals(0, r.exitCode(), r.err());
    assertTrue(r.out().contains("live version 000001 (was 000002)"), r.out());
    assertTrue(r.out().contains("not recorded in a metadata store: no Kiln project holds"), r.out());
    assertEquals("000001\n", Files.readString(dir.resolve("serving/m/LIVE")));
    CliRunner.Result again = cli.kiln("serve", dir.resolve("serving/m").toString(), "--rollback");
    assertEquals(2, again.exitCode());
    assertTrue(again.err().contains("is the oldest"), again.err());
  }

  @Test
  void rollbackIsRecordedInTheProjectsMetadataStore() throws Exception {
    for (String v : new String[] {"000001", "000002", "000003"}) {
      Files.createDirectories(dir.resolve("serving/m/" + v));
      Files.writeString(dir.resolve("serving/m/" + v + "/model.json"), model());
    }
    CliRunner cli = new CliRunner(dir);
    assertEquals(0, cli.kiln("init").exitCode());
    CliRunner.Result r = cli.kiln("serve", dir.resolve("serving/m").toString(), "--rollback");
    assertEquals(0, r.exitCode(), r.err());
    assertTrue(r.out().contains("recorded as rollback execution #"), r.out());
    try (MetadataStore store = MetadataStore.open(KilnProject.find(dir).orElseThrow().metadataUrl())) {
      Execution e = LiveVersionLog.in(store).latestRollback(ServingFolder.at(dir.resolve("serving/m"))).orElseThrow();
      assertEquals("000002", e.stringProperty(LiveVersionLog.VERSION));
      assertEquals("000003", e.stringProperty(LiveVersionLog.PREVIOUS));
      Instant.parse(e.stringProperty(LiveVersionLog.LIVE_SINCE));
    }
    assertEquals(0, cli.kiln("serve", dir.resolve("serving/m").toString(), "--rollback").exitCode());
    try (MetadataStore store = MetadataStore.open(KilnProject.find(dir).orElseThrow().metadataUrl())) {
      assertEquals("000001", LiveVersionLog.in(store).latestRollback(ServingFolder.at(dir.resolve("serving/m"))).orElseThrow()
          .stringProperty(LiveVersionLog.VERSION), "the newest record names the version live now");
    }
  }

  /** A minimal valid model: y ~ x, no graph. */
  private static String model() {
    return "{\"format\":\"kiln.model\",\"formatVersion\":1,\"task\":\"regression\",\"algorithm\":\"linear\",\"backend\":\"distributed\","
        + "\"label\":\"y\",\"features\":[\"x\"],\"classes\":[],\"hyperparameters\":{},\"training\":{\"rows\":1},"
        + "\"library\":{\"name\":\"kiln\",\"version\":\"0\"},\"transformGraph\":null,"
        + "\"parameters\":{\"type\":\"linear\",\"bias\":0.5,\"weights\":{\"x\":2.0}}}";
  }
}
