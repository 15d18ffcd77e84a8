package dev.kiln.cli;

import dev.kiln.core.api.KilnPipeline;
import java.util.Set;

/**
 * The command line of a pipeline built in Java: every {@code kiln} command, with the pipeline in place
 * of a file. {@code run} and {@code plan} use it; the others ({@code show}, {@code runs}, {@code
 * lineage}, {@code artifacts}, {@code verify}, {@code gc}, ...) work on the project as they do from
 * the CLI. With no command, {@code run}. The output is the CLI's, runner logs go to {@code .kiln/kiln.log}.
 *
 * <p>Example of use:
 *
 * <pre>{@code
 * public static void main(String[] args) {
 *   System.exit(Kiln.run(taxi, args));   // args: [run|plan|show last|runs|verify|gc ...] [--runner flink] ...
 * }
 * }</pre>
 */
public final class Kiln {
  /** Arguments that mean the command line itself, not a run. */
  private static final Set<String> GLOBAL = Set.of("help", "-h", "--help", "-V", "--version");

  private Kiln() {}

  /** @return the exit code: 0 success, 1 the run failed, 2 a user error */
  public static int run(KilnPipeline pipeline, String... args) {
    KilnCli.javaPipeline = pipeline;
    try {
      return KilnCli.execute(commandLine(args), System.out, System.err);
    } finally {
      KilnCli.javaPipeline = null;
    }
  }

  /** {@code args} as given when they name a command (or ask for help), else {@code run} before them. */
  static String[] commandLine(String... args) {
    boolean named = KilnCli.invokedSubcommand(args) != null || args.length > 0 && GLOBAL.contains(args[0]);
    return named ? args : prepend("run", args);
  }

  private static String[] prepend(String first, String[] rest) {
    String[] out = new String[rest.length + 1];
    out[0] = first;
    System.arraycopy(rest, 0, out, 1, rest.length);
    return out;
  }
}
