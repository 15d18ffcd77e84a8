package dev.kiln.bench;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * What every benchmark needs: the repository (for examples/data/taxi.csv), the folder for generated
 * data and projects (bench-data/, gitignored), the child JVM, and the settings of the command line.
 *
 * @param rounds timed repetitions of each command
 * @param times how many copies of the taxi rows make the big CSV
 * @param runs earlier runs put in the metadata store for the plan benchmark
 * @param cdsArchive an AppCDS archive of the kiln CLI (scripts/kiln makes cli/target/kiln.jsa): the
 *     kiln commands are then timed with and without it, side by side; null for without only
 */
public record BenchContext(Path repo, Path data, Jvm jvm, int rounds, int times, int runs, Path cdsArchive) {

  /** examples/data/taxi.csv of the repository (10,000 rows). */
  public Path taxiCsv() {
    Path csv = repo.resolve("examples/data/taxi.csv");
    if (!Files.isRegularFile(csv)) {
      throw new BenchException("no " + csv + ": run the benchmarks from the repository root or pass --repo");
    }
    return csv;
  }

  /** The taxi rows ×{@link #times}, generated on first use. */
  public Path bigCsv() {
    Path big = data.resolve("taxi-x" + times + ".csv");
    long rows = TaxiReplica.write(taxiCsv(), times, big);
    System.out.printf("data: %s (%,d rows)%n", big, rows);
    return big;
  }

  public Path logs() {
    return data.resolve("logs");
  }

  /** A timed command running in the repository folder. */
  public TimedCommand command(String label, java.util.List<String> command) {
    return new TimedCommand(label, command, repo);
  }
}
