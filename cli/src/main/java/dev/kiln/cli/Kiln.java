package dev.kiln.cli;

import dev.kiln.core.api.KilnPipeline;

/**
 * Runs a pipeline built in Java with the same command line as the {@code kiln} command:
 *
 * <pre>{@code
 * public static void main(String[] args) {
 *   System.exit(Kiln.run(taxi, args));   // args: [plan|run] [--runner direct] ...
 * }
 * }</pre>
 */
public final class Kiln {
  private Kiln() {}

  /** @return the exit code: 0 success, 1 the run failed, 2 a user error */
  public static int run(KilnPipeline pipeline, String... args) {
    KilnCli.javaPipeline = pipeline;
    String[] full = args.length > 0 && (args[0].equals("plan") || args[0].equals("run")) ? args : prepend("run", args);
    return KilnCli.execute(full, System.out, System.err);
  }

  private static String[] prepend(String first, String[] rest) {
    String[] out = new String[rest.length + 1];
    out[0] = first;
    System.arraycopy(rest, 0, out, 1, rest.length);
    return out;
  }
}
