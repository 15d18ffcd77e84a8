package dev.kiln.metadata;

/** The JDBC implementation of {@link MetadataStore} (being written; see the metadata branch). */
abstract class JdbcMetadataStore implements MetadataStore {
  static MetadataStore open(String jdbcUrl, String user, String password) {
    throw new UnsupportedOperationException("not yet implemented");
  }
}
