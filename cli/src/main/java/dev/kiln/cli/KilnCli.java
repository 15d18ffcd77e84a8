package dev.kiln.cli;

import dev.kiln.core.api.KilnPipeline;
import dev.kiln.core.run.Orchestrator;
import dev.kiln.core.run.Redaction;
import dev.kiln.core.spec.SpecException;
import java.io.PrintStream;
import java.nio.file.Path;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The {@code kiln} command. Exit codes: 0 success, 1 the run failed, 2 a user error (bad pipeline,
 * missing file, wrong option). Errors are one line; {@code --verbose} adds the stack trace and logs.
 */
@Command(
    name = "kiln",
    mixinStandardHelpOptions = true,
    versionProvider = KilnCli.Version.class,
    description = "Reproducible machine-learning pipelines on Apache Beam.",
    // Subcommands are added in execute(): only the one invoked, when it is known. Building all of them
    // by reflection costs ~0.2 s of a cached run's start-up (docs/benchmarks.md).
    subcommands = {})
public final class KilnCli {
  public static final int OK = 0;
  public static final int RUN_FAILED = 1;
  public static final int USER_ERROR = 2;

  @Option(names = {"-v", "--verbose"}, scope = CommandLine.ScopeType.INHERIT, description = "Show logs and stack traces.")
  boolean verbose;

  @Option(names = "--project", scope = CommandLine.ScopeType.INHERIT, paramLabel = "DIR",
      description = "The project folder (default: the current folder or the nearest one above with .kiln/).")
  Path project;

  /** Set by {@link Kiln#run}: the Java pipeline that plan and run use when no file is given. */
  static KilnPipeline javaPipeline;

  Console console = new Console(System.out, System.err);

  /** Started by {@link #execute} for plan and run; null for other commands. */
  StartupWarmup warmup;

  /** Returns when the start-up warm-up (if any) is done; commands call it before their work. */
  void awaitWarmup() {
    if (warmup != null) {
      warmup.await();
    }
  }

  Path projectDir() {
    return project != null ? project : Path.of("").toAbsolutePath();
  }

  public static void main(String[] args) {
    StartupProfile.start();
    int code = execute(args, System.out, System.err);
    StartupProfile.mark("command done");
    System.exit(code);
  }

  /** Runs the command line and returns the exit code (for tests and for {@link Kiln}). */
  public static int execute(String[] args, PrintStream out, PrintStream terminalErr) {
    boolean verbose = java.util.Arrays.stream(args).anyMatch(a -> a.equals("-v") || a.equals("--verbose"));
    PrintStream err = Logging.terminalFor(terminalErr);
    Logging.configure(verbose, projectArg(args));
    OutOfMemoryGuard.install(err);
    KilnCli root = new KilnCli();
    root.console = new Console(out, err);
    String invoked = invokedSubcommand(args);
    if ("plan".equals(invoked) || "run".equals(invoked)) {
      // After the logging settings, before picocli builds the command line (~0.1 s): the warm-up runs
      // beside it, and the command waits for it before starting its work.
      root.warmup = StartupWarmup.start();
    }
    CommandLine cli = new CommandLine(root);
    SUBCOMMANDS.forEach((name, make) -> {
      if (invoked == null || invoked.equals(name)) {
        cli.addSubcommand(name, make.get());
      }
    });
    cli.setOut(new java.io.PrintWriter(out, true));
    cli.setErr(new java.io.PrintWriter(err, true));
    cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
      Throwable cause = e;
      if (cause instanceof SpecException || cause instanceof UserError) {
        root.console.error("error: " + cause.getMessage());
        if (verbose) {
          err.print(Redaction.stackTrace(cause));
        }
        return USER_ERROR;
      }
      root.console.error("error: " + describe(cause) + (verbose ? "" : " (run with --verbose for details)"));
      if (verbose) {
        err.print(Redaction.stackTrace(cause));
      }
      Logging.logFile().ifPresent(f -> root.console.error("logs: " + f));
      return RUN_FAILED;
    });
    cli.setParameterExceptionHandler((e, a) -> {
      root.console.error("error: " + e.getMessage());
      root.console.error("usage: see 'kiln " + (e.getCommandLine().getCommandName().equals("kiln") ? "" : e.getCommandLine().getCommandName() + " ") + "--help'");
      return USER_ERROR;
    });
    try {
      return cli.execute(args);
    } finally {
      Logging.release();
    }
  }

  /** The subcommands by name; help needs them all, so does an unknown or missing command. */
  private static final java.util.Map<String, java.util.function.Supplier<Object>> SUBCOMMANDS = new java.util.LinkedHashMap<>();

  static {
    SUBCOMMANDS.put("init", InitCommand::new);
    SUBCOMMANDS.put("plan", PlanCommand::new);
    SUBCOMMANDS.put("run", RunCommand::new);
    SUBCOMMANDS.put("runs", RunsCommand::new);
    SUBCOMMANDS.put("show", ShowCommand::new);
    SUBCOMMANDS.put("lineage", LineageCommand::new);
    SUBCOMMANDS.put("artifacts", ArtifactsCommand::new);
    SUBCOMMANDS.put("verify", VerifyCommand::new);
    SUBCOMMANDS.put("gc", GcCommand::new);
    SUBCOMMANDS.put("new", NewCommand::new);
    SUBCOMMANDS.put("serve", ServeCommand::new);
    SUBCOMMANDS.put("help", CommandLine.HelpCommand::new);
  }

  /** The first argument that is neither an option nor an option's value, when it names a command other than help. */
  static String invokedSubcommand(String[] args) {
    for (int i = 0; i < args.length; i++) {
      String a = args[i];
      if (a.equals("--project")) {
        i++; // its value
      } else if (!a.startsWith("-")) {
        return SUBCOMMANDS.containsKey(a) && !a.equals("help") ? a : null;
      }
    }
    return null;
  }

  private static String describe(Throwable e) {
    return Orchestrator.firstLine(e);
  }

  /** The folder {@code --project} names, else the current one: where the log file goes. */
  static Path projectArg(String[] args) {
    for (int i = 0; i < args.length - 1; i++) {
      if (args[i].equals("--project")) {
        return Path.of(args[i + 1]);
      }
    }
    for (String a : args) {
      if (a.startsWith("--project=")) {
        return Path.of(a.substring("--project=".length()));
      }
    }
    return Path.of("").toAbsolutePath();
  }

  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      return new String[] {"kiln " + dev.kiln.core.KilnVersion.VERSION};
    }
  }
}
