package dev.kiln.metadata;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class JdbcUrlsTest {
  @Test
  void passwordParametersAreMasked() {
    assertEquals("jdbc:postgresql://db:5432/kiln?user=ci&password=***&ssl=true",
        JdbcUrls.redact("jdbc:postgresql://db:5432/kiln?user=ci&password=s3cr3t&ssl=true"));
  }

  @Test
  void userInfoPasswordIsMasked() {
    assertEquals("jdbc:postgresql://ci:***@db/kiln", JdbcUrls.redact("jdbc:postgresql://ci:s3cr3t@db/kiln"));
  }

  @Test
  void sqliteUrlsAreUnchanged() {
    assertEquals("jdbc:sqlite:/home/me/.kiln/metadata.db", JdbcUrls.redact("jdbc:sqlite:/home/me/.kiln/metadata.db"));
  }
}
