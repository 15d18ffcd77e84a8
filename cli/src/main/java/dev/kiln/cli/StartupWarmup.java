package dev.kiln.cli;

import java.security.MessageDigest;
import java.util.GregorianCalendar;
import java.util.Locale;
import java.util.TimeZone;

/**
 * One-time initialization that {@code plan} and {@code run} reach later, done on a second thread
 * while the main thread parses the command line, the pipeline file and the step configs. On a
 * machine with a free core it takes ~0.15 s off the start of those commands (docs/benchmarks.md,
 * section 3); it never changes what they do:
 *
 * <ul>
 *   <li>Only JDK and Beam classes are initialized here, none of Kiln's or Jackson's, which is what the
 *       main thread works with meanwhile: two threads initializing classes that depend on each other
 *       in opposite orders could deadlock, and these sets do not depend on each other.
 *   <li>Nothing here has an effect a command could observe (no files, no output, no settings). A
 *       failure is ignored: the main thread meets it again where it would have without this class.
 * </ul>
 */
final class StartupWarmup {
  private static final String RESOURCE_HINTS = "org.apache.beam.sdk.transforms.resourcehints.ResourceHints";

  private StartupWarmup() {}

  /** Starts the warm-up thread (a daemon: it never keeps the JVM alive); {@code -Dkiln.warmup=false} turns it off. */
  static void start() {
    if ("false".equals(System.getProperty("kiln.warmup"))) {
      return;
    }
    Thread t = new Thread(StartupWarmup::run, "kiln-warmup");
    t.setDaemon(true);
    t.start();
  }

  private static void run() {
    try {
      // Jackson's first ObjectMapper creates a GregorianCalendar (its default date format), and the
      // JDK's first calendar builds the locale-provider tables: ~40 ms.
      new GregorianCalendar(TimeZone.getTimeZone("UTC"), Locale.US);
      // Cache keys and class fingerprints are SHA-256: the first digest loads the security providers.
      MessageDigest.getInstance("SHA-256");
      // A transform step creates the user's PTransform when the pipeline is resolved; Beam's PTransform
      // constructor initializes ResourceHints, which builds the protobuf descriptors of Beam's runner
      // API: ~0.1 s and ~450 classes, the largest single cost of resolving the taxi pipeline.
      Class.forName(RESOURCE_HINTS, true, StartupWarmup.class.getClassLoader());
    } catch (Throwable ignored) {
      // Not ours to report: the main thread reaches the same code and reports what goes wrong there.
    }
  }
}
