package dev.kiln.core.io.csv;

/**
 * A CSV file or pattern that cannot be read at all: no file matches, a file is empty, its header
 * is malformed or does not match the declared schema, or its quoting is broken. The message names
 * the pattern or file (and line) and what is wrong. Single bad rows are not errors but rejected
 * rows; see {@link CsvRead}.
 */
public class CsvFormatException extends IllegalArgumentException implements dev.kiln.core.spec.BadInput {
  private static final long serialVersionUID = 1L;

  public CsvFormatException(String message) {
    super(message);
  }

  public CsvFormatException(String message, Throwable cause) {
    super(message, cause);
  }
}
