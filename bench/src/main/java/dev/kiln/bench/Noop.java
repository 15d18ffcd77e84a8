package dev.kiln.bench;

/** An empty program: the bare JVM start (same class path, same options) that CLI timings are measured against. */
public final class Noop {
  private Noop() {}

  public static void main(String[] args) {
    // nothing: the cost of starting and stopping the JVM is the point
  }
}
