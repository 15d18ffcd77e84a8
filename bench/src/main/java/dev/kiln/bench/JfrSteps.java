package dev.kiln.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedThread;
import jdk.jfr.consumer.RecordingFile;

/**
 * Where a {@code kiln run} on embedded Flink spent its CPU, per pipeline step, from a Java Flight
 * Recorder file: the execution samples (JFR takes one every 20 ms of each running Java thread) counted
 * by the step their thread works for. Flink names a task's thread after its chain of operators, and
 * Beam names each operator after its transform, whose first part is the step ("FlatMap at
 * features/ParMultiDo(Derive)"), or "Write STEP.OUTPUT" for the writing of a step's output; the
 * first such name in the chain decides. Kiln's own threads (planning, translating and submitting the
 * job) count as "client", every other thread as "Flink runtime". On a loaded machine these counts
 * move much less than wall times: they are what the step used, not how long it waited for a core.
 *
 * <p>Example of use:
 *
 * <pre>{@code
 * Map<String, Long> samples = JfrSteps.samplesPerStep(Path.of("run.jfr"));   // {data=4210, features=1312, …}
 * }</pre>
 */
public final class JfrSteps {
  static final String CLIENT = "client";
  static final String RUNTIME = "Flink runtime";
  private static final Pattern OPERATOR = Pattern.compile(" at (?:Write )?([A-Za-z0-9_-]+)[/.]");

  private JfrSteps() {}

  /** {@code java -cp kiln-bench.jar dev.kiln.bench.JfrSteps RUN.jfr}: prints the samples per step. */
  public static void main(String[] args) {
    if (args.length != 1) {
      System.err.println("usage: JfrSteps RECORDING.jfr");
      System.exit(2);
    }
    Map<String, Long> samples = samplesPerStep(Path.of(args[0]));
    long all = samples.values().stream().mapToLong(Long::longValue).sum();
    samples.forEach((step, n) -> System.out.printf("%-16s %8d  %5.1f %%%n", step, n, 100.0 * n / all));
    System.out.printf("%-16s %8d%n", "all", all);
  }

  /** Execution samples per step, the steps in alphabetical order, then client and runtime. */
  public static Map<String, Long> samplesPerStep(Path recording) {
    Map<String, Long> counts = new TreeMap<>();
    try (RecordingFile file = new RecordingFile(recording)) {
      while (file.hasMoreEvents()) {
        RecordedEvent e = file.readEvent();
        if (!e.getEventType().getName().equals("jdk.ExecutionSample")) {
          continue;
        }
        RecordedThread t = e.getThread("sampledThread");
        counts.merge(step(t == null ? null : t.getJavaName()), 1L, Long::sum);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the recording " + recording + ": " + e.getMessage(), e);
    }
    Map<String, Long> ordered = new LinkedHashMap<>();
    counts.forEach((k, v) -> {
      if (!k.equals(CLIENT) && !k.equals(RUNTIME)) {
        ordered.put(k, v);
      }
    });
    ordered.put(CLIENT, counts.getOrDefault(CLIENT, 0L));
    ordered.put(RUNTIME, counts.getOrDefault(RUNTIME, 0L));
    return ordered;
  }

  /** The step a thread works for, by its name (see the class comment). */
  static String step(String threadName) {
    if (threadName == null) {
      return RUNTIME;
    }
    if (threadName.equals("main") || threadName.startsWith("kiln-")) {
      return CLIENT;
    }
    Matcher m = OPERATOR.matcher(threadName);
    return m.find() ? m.group(1) : RUNTIME;
  }
}
