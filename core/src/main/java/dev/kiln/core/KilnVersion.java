package dev.kiln.core;

/** Facts about this build of Kiln. */
public final class KilnVersion {
  /** The Kiln version; part of built-in steps' implementation fingerprints. */
  public static final String VERSION = "0.1.0";

  private KilnVersion() {}
}
