package dev.kiln.runners.flink;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kiln.core.spec.SpecException;
import org.junit.jupiter.api.Test;

class FlinkMasterTest {
  @Test
  void localOrNothingMeansEmbedded() {
    assertTrue(FlinkMaster.parse("[local]").embedded());
    assertTrue(FlinkMaster.parse("local").embedded());
    assertTrue(FlinkMaster.parse(null).embedded());
    assertTrue(FlinkMaster.parse(" ").embedded());
    assertEquals("[local]", FlinkMaster.EMBEDDED.beamValue());
  }

  @Test
  void hostAndPortNameTheRestEndpoint() {
    FlinkMaster m = FlinkMaster.parse("localhost:18081");
    assertEquals("localhost", m.host());
    assertEquals(18081, m.port());
    assertEquals("http://localhost:18081", m.restUrl());
    assertEquals("localhost:18081", m.beamValue());
  }

  @Test
  void anHttpPrefixAndTrailingSlashAreIgnored() {
    assertEquals(new FlinkMaster("flink-jm.internal", 8081), FlinkMaster.parse("http://flink-jm.internal:8081/"));
  }

  @Test
  void aValueWithoutPortIsRefusedWithTheOptionNamed() {
    SpecException e = assertThrows(SpecException.class, () -> FlinkMaster.parse("localhost"));
    assertEquals("--flink-master 'localhost': expected host:port, the REST address of a Flink JobManager"
        + " (e.g. localhost:18081), or [local] for Flink inside this process", e.getMessage());
  }

  @Test
  void aPortOutOfRangeIsRefused() {
    SpecException e = assertThrows(SpecException.class, () -> FlinkMaster.parse("localhost:70000"));
    assertEquals("--flink-master 'localhost:70000': port 70000 is not between 1 and 65535", e.getMessage());
  }
}
