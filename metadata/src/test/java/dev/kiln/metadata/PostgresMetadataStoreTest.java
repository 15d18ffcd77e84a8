package dev.kiln.metadata;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;

/**
 * The store contract on a real PostgreSQL server, each test in a schema of its own. Runs when
 * {@code KILN_TEST_POSTGRES_URL} is set (see {@code scripts/postgres-test-server.sh}) and the
 * "e2e" tests are enabled ({@code -Pe2e}).
 */
@Tag("e2e")
class PostgresMetadataStoreTest extends MetadataStoreContract {
  private static final String SERVER_URL = System.getenv("KILN_TEST_POSTGRES_URL");
  private String schema;

  @BeforeAll
  static void needsAServer() {
    assumeTrue(SERVER_URL != null && !SERVER_URL.isBlank(),
        "KILN_TEST_POSTGRES_URL is not set; start a server with scripts/postgres-test-server.sh start");
  }

  @Override
  protected String freshDatabaseUrl() throws SQLException {
    schema = "kiln_test_" + UUID.randomUUID().toString().replace("-", "");
    try (Connection c = DriverManager.getConnection(SERVER_URL); Statement s = c.createStatement()) {
      s.execute("CREATE SCHEMA " + schema);
    }
    return SERVER_URL + (SERVER_URL.contains("?") ? "&" : "?") + "currentSchema=" + schema;
  }

  @Override
  protected Connection rawConnection() throws SQLException {
    return DriverManager.getConnection(url());
  }

  @AfterEach
  void dropSchema() throws SQLException {
    closeStores(); // before the schema goes (JUnit runs this before the superclass's own @AfterEach)
    if (schema != null) {
      try (Connection c = DriverManager.getConnection(SERVER_URL); Statement s = c.createStatement()) {
        s.execute("DROP SCHEMA " + schema + " CASCADE");
      }
    }
  }
}
