package dev.kiln.metadata;

/**
 * An execution read ({@link Type#INPUT}) or wrote ({@link Type#OUTPUT}) an artifact.
 *
 * @param path the port the artifact was read or written through (e.g. "examples" or "examples:train")
 */
public record Event(long artifactId, long executionId, Type type, String path, long timeMillis) {
  public enum Type { INPUT, OUTPUT }

  public static Event input(long artifactId, long executionId, String path) {
    return new Event(artifactId, executionId, Type.INPUT, path, System.currentTimeMillis());
  }

  public static Event output(long artifactId, long executionId, String path) {
    return new Event(artifactId, executionId, Type.OUTPUT, path, System.currentTimeMillis());
  }
}
