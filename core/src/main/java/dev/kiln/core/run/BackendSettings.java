package dev.kiln.core.run;

/**
 * What Kiln tells a {@link BackendProvider} about the run it makes a backend for. Immutable:
 * {@code withX} returns a changed copy.
 *
 * @param parallelism workers per stage the user asked for ({@code --parallelism}); 0 for the backend's own default
 */
public record BackendSettings(int parallelism) {
  public BackendSettings {
    if (parallelism < 0) {
      throw new IllegalArgumentException("parallelism must be 0 (the backend's default) or more, not " + parallelism);
    }
  }

  public static BackendSettings defaults() {
    return new BackendSettings(0);
  }

  public BackendSettings withParallelism(int value) {
    return new BackendSettings(value);
  }
}
