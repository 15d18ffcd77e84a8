package dev.kiln.core.api;

/** The {@code csv} source step; see {@link Sources#csv(String)}. */
public final class Csv {
  private Csv() {}

  public static StepDefinition read(String path) {
    return Sources.csv(path);
  }
}
