package dev.kiln.bench;

/** A benchmark could not run (a command failed, the data is missing); the message says what and where. */
public class BenchException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public BenchException(String message) {
    super(message);
  }
}
