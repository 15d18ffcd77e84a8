package dev.kiln.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Builds the child JVM command lines the benchmarks time. Every child — the bare-JVM baseline, the
 * kiln CLI and the plain Beam job — gets the same java binary, class path and JVM options, so the
 * differences measured are the programs', not their launch.
 *
 * @param classPath the class path of every child (by default this process's own: the kiln jar,
 *     the examples jar and the bench jar)
 * @param options JVM options for every child (e.g. an AppCDS archive), may be empty
 * @param runOptions JVM options {@code kiln run} children get after {@code options}: what
 *     {@code scripts/kiln run} adds (scripts/kiln-run.jvmopts), so that a benchmark times kiln as users
 *     start it
 */
public record Jvm(String classPath, List<String> options, List<String> runOptions) {

  public Jvm {
    options = List.copyOf(options);
    runOptions = List.copyOf(runOptions);
  }

  public Jvm(String classPath, List<String> options) {
    this(classPath, options, List.of());
  }

  /** The class path and JVM options of this process's children by default: this process's class path. */
  public static Jvm current(List<String> options) {
    return new Jvm(System.getProperty("java.class.path"), options);
  }

  /** {@code java [options] -cp CP mainClass args...}. */
  public List<String> command(String mainClass, String... args) {
    List<String> c = new ArrayList<>();
    c.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    c.addAll(options);
    c.add("-cp");
    c.add(classPath);
    c.add(mainClass);
    c.addAll(List.of(args));
    return c;
  }

  /** The same JVM with {@code more} options after this one's. */
  public Jvm withOptions(List<String> more) {
    List<String> all = new ArrayList<>(options);
    all.addAll(more);
    return new Jvm(classPath, all, runOptions);
  }

  /** The same JVM whose {@code kiln run} children also get {@code more}. */
  public Jvm withRunOptions(List<String> more) {
    return new Jvm(classPath, options, more);
  }

  /** The JVM {@code kiln run} children get: this one's options followed by the run options. */
  public Jvm forRun() {
    List<String> all = new ArrayList<>(options);
    all.addAll(runOptions);
    return new Jvm(classPath, all);
  }

  /**
   * The options {@code scripts/kiln run} adds (its file {@code scripts/kiln-run.jvmopts}, one option a
   * line, {@code #} comments), or none when {@code given} already names a garbage collector, as the
   * launcher does: the JVM refuses two.
   */
  public static List<String> launcherRunOptions(Path repo, List<String> given) {
    if (given.stream().anyMatch(o -> o.matches("-XX:\\+Use\\w*GC"))) {
      return List.of();
    }
    Path file = repo.resolve("scripts/kiln-run.jvmopts");
    if (!Files.isRegularFile(file)) {
      throw new BenchException("no " + file + " (the options scripts/kiln run adds): run the benchmarks from the repository root or pass --repo");
    }
    try {
      return Files.readAllLines(file).stream().map(l -> l.replaceFirst("#.*", "").strip()).filter(l -> !l.isEmpty()).toList();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file + " (the options scripts/kiln run adds): " + e.getMessage(), e);
    }
  }

  /**
   * This JVM mapping an AppCDS archive (as scripts/kiln does with cli/target/kiln.jsa), with CDS's
   * own warnings kept out of the output.
   */
  public Jvm withCds(Path archive) {
    return withOptions(List.of("-XX:SharedArchiveFile=" + archive.toAbsolutePath(), "-Xlog:cds=off", "-Xlog:cds+dynamic=off"));
  }

  /** A JVM that starts, runs an empty main and exits: the baseline subtracted from CLI timings. */
  public List<String> bare() {
    return command(Noop.class.getName());
  }

  /** {@code kiln <args>} as {@code scripts/kiln} runs it: {@code run} with the run options. */
  public List<String> kiln(String... args) {
    return (args.length > 0 && args[0].equals("run") ? forRun() : this).command("dev.kiln.cli.KilnCli", args);
  }
}
