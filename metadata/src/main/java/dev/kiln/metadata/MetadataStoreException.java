package dev.kiln.metadata;

/**
 * A metadata store operation failed: the database could not be opened, its schema is not one this
 * code can use, a constraint was violated, or the database reported an error. The message names
 * the store (with any password removed) and what went wrong.
 */
public class MetadataStoreException extends RuntimeException {
  public MetadataStoreException(String message) {
    super(message);
  }

  public MetadataStoreException(String message, Throwable cause) {
    super(message, cause);
  }
}
