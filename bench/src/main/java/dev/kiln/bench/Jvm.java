package dev.kiln.bench;

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
 */
public record Jvm(String classPath, List<String> options) {

  public Jvm {
    options = List.copyOf(options);
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
    return new Jvm(classPath, all);
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

  /** {@code kiln <args>} as {@code scripts/kiln} runs it. */
  public List<String> kiln(String... args) {
    return command("dev.kiln.cli.KilnCli", args);
  }
}
