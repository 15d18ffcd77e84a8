package dev.kiln.cli;

import dev.kiln.core.artifact.ArtifactFolders;
import dev.kiln.core.project.Orphans;
import dev.kiln.core.run.RunRecovery;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/**
 * {@code kiln gc [--delete]}: removes artifact folders nothing needs — those without a manifest (a
 * killed or failed run's files) and committed ones no execution references. A dry run by default.
 * Never touches what a registered artifact names, what a live run's execution is writing, or a folder
 * with a file younger than {@code --min-age} (a run that started meanwhile); see {@link Orphans}.
 */
@Command(mixinStandardHelpOptions = true, name = "gc",
    description = "List (or with --delete remove) artifact folders that no execution needs.")
final class GcCommand implements Callable<Integer> {
  static final int DEFAULT_MIN_AGE_MINUTES = 60;

  @ParentCommand KilnCli root;

  @Option(names = "--delete", description = "Remove the folders (default: only list what would be removed).")
  boolean delete;

  @Option(names = "--min-age", defaultValue = "" + DEFAULT_MIN_AGE_MINUTES, paramLabel = "MINUTES",
      description = "Keep folders with a file younger than this (default ${DEFAULT-VALUE}): a run may be writing them.")
  int minAgeMinutes;

  @Override
  public Integer call() {
    if (minAgeMinutes < 0) {
      throw new UserError("--min-age must be >= 0 minutes, was " + minAgeMinutes);
    }
    try (Session s = Session.open(root.projectDir(), false, root.console)) {
      new RunRecovery(s.store, s.artifacts).recover(); // runs of dead processes: their folders become orphans
      List<Orphans.Orphan> orphans = Orphans.find(s.store, s.artifacts, Duration.ofMinutes(minAgeMinutes));
      ArtifactFolders folders = ArtifactFolders.of(s.artifacts);
      Console c = root.console;
      int removed = 0;
      int kept = 0;
      long bytes = 0;
      for (Orphans.Orphan o : orphans) {
        if (o.recent()) {
          kept++;
          continue;
        }
        if (delete) {
          folders.delete(o.folder());
          c.info("removed " + o.folder().uri() + "  (" + o.why() + ")");
        } else {
          c.info("would remove " + o.folder().uri() + "  (" + o.why() + ", " + o.folder().files().size() + " files)");
        }
        removed++;
        bytes += o.folder().bytes();
      }
      String mb = String.format("%.1f MB", bytes / 1e6);
      if (removed == 0) {
        c.info("Nothing to remove.");
      } else if (delete) {
        c.info("Removed " + removed + " folder" + (removed == 1 ? "" : "s") + " (" + mb + ").");
      } else {
        c.info(removed + " folder" + (removed == 1 ? "" : "s") + " (" + mb + ") would be removed; remove them with: kiln gc --delete");
      }
      if (kept > 0) {
        c.info("Kept " + kept + " unreferenced folder" + (kept == 1 ? "" : "s") + " younger than " + minAgeMinutes
            + " minutes: a run may still be writing " + (kept == 1 ? "it" : "them") + ".");
      }
      return KilnCli.OK;
    }
  }
}
