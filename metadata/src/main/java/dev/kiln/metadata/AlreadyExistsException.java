package dev.kiln.metadata;

/** A write would break a uniqueness rule, e.g. a second context with the same type and name. */
public class AlreadyExistsException extends MetadataStoreException {
  public AlreadyExistsException(String message) {
    super(message);
  }
}
