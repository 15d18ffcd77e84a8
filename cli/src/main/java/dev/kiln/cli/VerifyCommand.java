package dev.kiln.cli;

import dev.kiln.core.artifact.Integrity;
import dev.kiln.core.plan.IntegrityCheck;
import dev.kiln.core.project.Orphans;
import dev.kiln.core.run.RunRecovery;
import dev.kiln.metadata.Artifact;
import dev.kiln.metadata.Context;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/**
 * {@code kiln verify [RUN|ARTIFACT|--all]}: reads every file of the chosen artifacts and compares its
 * sha256 with the manifest (and the manifest with what the metadata store recorded at commit). A
 * damaged or missing artifact is marked, so the next run recomputes it instead of reusing it; one
 * found intact again loses its mark. With {@code --all} it also lists orphaned folders (see
 * {@code kiln gc}). Exit 1 when anything is damaged or missing.
 */
@Command(mixinStandardHelpOptions = true, name = "verify",
    description = "Check every file of artifacts against its manifest's sha256; damaged ones are recomputed by the next run.")
final class VerifyCommand implements Callable<Integer> {
  @ParentCommand KilnCli root;

  @Parameters(index = "0", arity = "0..1", paramLabel = "RUN|ARTIFACT",
      description = "A run (its name, or 'last'): the artifacts it produced or reused; or an artifact (12 or #12).")
  String target;

  @Option(names = "--all", description = "Every artifact in the store, and the orphaned folders of the artifact root.")
  boolean all;

  @Override
  public Integer call() {
    if (all == (target != null)) {
      throw new UserError("name a run or an artifact, or give --all (e.g. kiln verify last)");
    }
    try (Session s = Session.open(root.projectDir(), false, root.console)) {
      new RunRecovery(s.store, s.artifacts).recover();
      List<Artifact> chosen = new java.util.ArrayList<>(all ? s.store.newestArtifacts(Integer.MAX_VALUE) : artifacts(s, target));
      chosen.sort(java.util.Comparator.comparingLong(Artifact::id));
      Console c = root.console;
      int intact = 0;
      int damaged = 0;
      for (Artifact a : chosen) {
        IntegrityCheck.Finding f = IntegrityCheck.verify(a, s.artifacts);
        if (f.isIntact()) {
          intact++;
          IntegrityCheck.clearDamaged(s.store, a);
          c.info(Console.pad("OK", 9) + Console.pad("#" + a.id(), 7) + Console.pad(a.name(), 30) + " " + a.uri());
        } else {
          damaged++;
          IntegrityCheck.markDamaged(s.store, a, f.reason());
          c.info(Console.pad(f.status() == Integrity.Status.MISSING ? "MISSING" : "DAMAGED", 9) + Console.pad("#" + a.id(), 7)
              + Console.pad(a.name(), 30) + " " + f.reason());
        }
      }
      int orphans = 0;
      if (all) {
        for (Orphans.Orphan o : Orphans.find(s.store, s.artifacts, Duration.ofMinutes(GcCommand.DEFAULT_MIN_AGE_MINUTES))) {
          orphans++;
          c.info(Console.pad("ORPHAN", 9) + o.folder().uri() + "  " + o.why() + (o.recent() ? " (recent: a run may still be writing it)" : ""));
        }
      }
      c.info("Verified " + chosen.size() + " artifact" + (chosen.size() == 1 ? "" : "s") + ": " + intact + " intact, "
          + damaged + " damaged" + (all ? "; " + orphans + " orphaned folder" + (orphans == 1 ? "" : "s") : ""));
      if (damaged > 0) {
        c.info("The damaged artifacts are marked: the next run recomputes the steps that produced them.");
      }
      if (orphans > 0) {
        c.info("Orphaned folders are removed by: kiln gc --delete");
      }
      return damaged > 0 ? KilnCli.RUN_FAILED : KilnCli.OK;
    }
  }

  private static List<Artifact> artifacts(Session s, String target) {
    String text = target.startsWith("#") ? target.substring(1) : target;
    if (text.matches("\\d+")) {
      long id = Long.parseLong(text);
      return List.of(s.store.artifact(id).orElseThrow(() -> new UserError("no artifact #" + id + "; list them with: kiln artifacts")));
    }
    Context run = ShowCommand.find(s, target);
    return s.store.artifactsOfContext(run.id());
  }
}
