package dev.kiln.core.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.UnknownHostException;
import org.junit.jupiter.api.Test;

class RedactionTest {
  @Test
  void hidesThePasswordOfAUrlsUserInfo() {
    assertEquals("cannot open jdbc:postgresql://kiln:***@db.example.com:5432/kiln",
        Redaction.apply("cannot open jdbc:postgresql://kiln:s3cret@db.example.com:5432/kiln"));
  }

  @Test
  void hidesABareUserInfoAsADriverQuotesItInAnUnknownHostException() {
    String message = new UnknownHostException("kiln:s3cret@db.invalid").toString();
    assertEquals("java.net.UnknownHostException: kiln:***@db.invalid", Redaction.apply(message));
  }

  @Test
  void hidesPasswordAndTokenParameters() {
    assertEquals("jdbc:postgresql://db/kiln?user=kiln&password=***&ssl=true",
        Redaction.apply("jdbc:postgresql://db/kiln?user=kiln&password=s3cret&ssl=true"));
    assertEquals("token=*** secret: ***", Redaction.apply("token=abc123 secret: xyz"));
  }

  @Test
  void leavesOrdinaryTextAlone() {
    for (String ok : new String[] {"step 'data': key 'with.path': no file matches data.csv",
        "at dev.kiln.core.run.StageRunner.run(StageRunner.java:141)", "java.lang.Object@1b6d3586",
        "split key 'x' is not a column; columns are [a, b]", "file:///tmp/a.csv"}) {
      assertEquals(ok, Redaction.apply(ok));
    }
  }

  @Test
  void stackTracesAreRedactedThroughTheirCauses() {
    Exception e = new IllegalStateException("cannot open metadata store",
        new UnknownHostException("kiln:s3cret@db.invalid"));
    String trace = Redaction.stackTrace(e);
    assertFalse(trace.contains("s3cret"), trace);
    assertTrue(trace.contains("Caused by: java.net.UnknownHostException: kiln:***@db.invalid"), trace);
  }
}
