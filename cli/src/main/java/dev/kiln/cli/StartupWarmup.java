package dev.kiln.cli;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import dev.kiln.core.project.KilnProject;
import dev.kiln.core.spec.CanonicalJson;
import dev.kiln.core.spec.YamlSpecLoader;
import dev.kiln.core.step.PipelineResolver;
import java.security.MessageDigest;
import java.util.List;
import java.util.Map;

/**
 * One-time initialization that {@code plan} and {@code run} need, done on a second thread while the
 * main thread builds the command line with picocli (~0.1 s of reflection). On a machine with a free
 * core this takes ~0.1–0.15 s off the start of those commands (docs/benchmarks.md, section 3).
 *
 * <p>It never changes what a command does:
 *
 * <ul>
 *   <li>The command {@linkplain #await waits} for the warm-up before it starts its work, so the two
 *       threads never run Kiln's or the libraries' code side by side. While they overlap, the main
 *       thread is in picocli, which shares no classes with what is initialized here but the JDK's (two
 *       threads initializing library classes that depend on each other could deadlock; the JDK's
 *       own classes are made to be initialized from any thread).
 *   <li>It starts after {@link Logging#configure}, so loggers created here get the same settings.
 *   <li>Nothing here has an effect a command could observe (no files, no output, no settings). A
 *       failure is ignored: the main thread meets it again where it would have without this class.
 * </ul>
 */
final class StartupWarmup {
  private static final String RESOURCE_HINTS = "org.apache.beam.sdk.transforms.resourcehints.ResourceHints";

  /** Shaped like a step's config record (see {@code CsvStep.Config}). */
  private record Sample(
      @JsonProperty("name") String name,
      @JsonProperty("ratios") Map<String, Double> ratios,
      @JsonProperty("items") List<String> items,
      @JsonProperty("count") Integer count) {}
  private final Thread thread;

  private StartupWarmup(Thread thread) {
    this.thread = thread;
  }

  /**
   * Starts the warm-up thread (a daemon: it never keeps the JVM alive); with
   * {@code -Dkiln.warmup=false} nothing is started and {@link #await} returns at once.
   */
  static StartupWarmup start() {
    if ("false".equals(System.getProperty("kiln.warmup"))) {
      return new StartupWarmup(null);
    }
    Thread t = new Thread(StartupWarmup::run, "kiln-warmup");
    t.setDaemon(true);
    t.start();
    return new StartupWarmup(t);
  }

  /** Returns when the warm-up has finished (at once if it was never started). */
  void await() {
    if (thread == null) {
      return;
    }
    boolean interrupted = false;
    while (true) {
      try {
        thread.join();
        break;
      } catch (InterruptedException e) {
        interrupted = true; // finish waiting, then keep the interrupt for the command
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
  }

  private static void run() {
    ClassLoader loader = StartupWarmup.class.getClassLoader();
    try {
      // slf4j first: Beam's classes below create loggers as they initialize.
      org.slf4j.LoggerFactory.getILoggerFactory();
      // Jackson: the mappers that read the pipeline, the project config and the step configs. The
      // first ObjectMapper also makes the JDK build its locale-provider tables (a GregorianCalendar
      // for Jackson's default date format): ~0.1 s together.
      for (Class<?> c : new Class<?>[] {CanonicalJson.class, YamlSpecLoader.class, PipelineResolver.class, KilnProject.class}) {
        Class.forName(c.getName(), true, loader);
      }
      // Step configs are records read from and written to trees: the first such round trip sets up
      // Jackson's record (de)serializers (~250 classes); each config class then costs little more.
      JsonNode tree = CanonicalJson.MAPPER.readTree("{\"name\": \"x\", \"ratios\": {\"a\": 0.5}, \"items\": [\"y\"], \"count\": 1}");
      CanonicalJson.MAPPER.valueToTree(CanonicalJson.MAPPER.treeToValue(tree, Sample.class));
      // Cache keys and class fingerprints are SHA-256: the first digest sets up the security providers.
      MessageDigest.getInstance("SHA-256");
      // A transform step creates the user's PTransform when the pipeline is resolved, and Beam's
      // PTransform constructor initializes ResourceHints, which builds the protobuf descriptors of
      // Beam's runner API: ~0.1 s and ~450 classes, the largest single cost of resolving the taxi pipeline.
      Class.forName(RESOURCE_HINTS, true, loader);
    } catch (Throwable ignored) {
      // Not ours to report: the main thread reaches the same code and reports what goes wrong there.
    }
  }
}
