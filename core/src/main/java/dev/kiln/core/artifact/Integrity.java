package dev.kiln.core.artifact;

import java.util.Objects;

/**
 * The outcome of checking a committed artifact's files against its manifest.
 *
 * @param status what was found
 * @param reason empty when intact; otherwise names the file and what is wrong with it
 */
public record Integrity(Status status, String reason) {
  /** What a check found. */
  public enum Status {
    /** Every file is there as recorded. */
    INTACT,
    /** A listed file does not exist. */
    MISSING,
    /** A listed file exists but its size, modification time or content differs. */
    DAMAGED
  }

  public Integrity {
    Objects.requireNonNull(status, "status");
    Objects.requireNonNull(reason, "reason");
  }

  static Integrity intact() {
    return new Integrity(Status.INTACT, "");
  }

  public boolean isIntact() {
    return status == Status.INTACT;
  }
}
