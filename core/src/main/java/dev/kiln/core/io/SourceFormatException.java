package dev.kiln.core.io;

import dev.kiln.core.spec.BadInput;

/** A source's files cannot be read as that source's format (found before the job starts): a user error. */
public class SourceFormatException extends IllegalArgumentException implements BadInput {
  private static final long serialVersionUID = 1L;

  public SourceFormatException(String message) {
    super(message);
  }

  public SourceFormatException(String message, Throwable cause) {
    super(message, cause);
  }
}
