package dev.kiln.core.io.csv;

/**
 * A CSV file or pattern that cannot be read at all: no file matches, a file is empty, its header
 * is malformed or does not match the declared schema, or its quoting is broken. The message names
 * the pattern or file (and line) and what is wrong. Single bad rows are not errors but rejected
 * rows; see {@link CsvRead}.
 */
public class CsvFormatException extends IllegalArgumentException implements dev.kiln.core.spec.BadInput {
  private static final long serialVersionUID = 1L;

  private final String setting;

  public CsvFormatException(String message) {
    this(message, (String) null);
  }

  /** An error that a setting of the read can fix or caused ({@code schema}, {@code maxFieldBytes}, ...). */
  public CsvFormatException(String message, String setting) {
    super(message);
    this.setting = setting;
  }

  /** The setting the error concerns, if any (else it concerns the file itself). */
  public java.util.Optional<String> setting() {
    return java.util.Optional.ofNullable(setting);
  }

  public CsvFormatException(String message, Throwable cause) {
    super(message, cause);
    this.setting = null;
  }
}
