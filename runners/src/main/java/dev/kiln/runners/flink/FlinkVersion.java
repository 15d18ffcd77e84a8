package dev.kiln.runners.flink;

import org.apache.flink.runtime.util.EnvironmentInformation;

/** The version of the Flink classes Kiln runs with (those Beam's Flink runner was built against). */
final class FlinkVersion {
  private FlinkVersion() {}

  /** e.g. {@code 1.19.0}; null when the jar's version file is missing (a repackaged jar). */
  static String onClassPath() {
    String v = EnvironmentInformation.getVersion();
    return v == null || v.isBlank() || v.startsWith("<") ? null : v;
  }
}
