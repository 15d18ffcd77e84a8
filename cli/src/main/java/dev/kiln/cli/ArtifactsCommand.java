package dev.kiln.cli;

import dev.kiln.core.plan.MetadataKeys;
import dev.kiln.metadata.Artifact;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

@Command(mixinStandardHelpOptions = true, name = "artifacts", description = "List recent artifacts, newest first.")
final class ArtifactsCommand implements Callable<Integer> {
  @ParentCommand KilnCli root;

  @Option(names = "--limit", defaultValue = "50", description = "How many artifacts (default ${DEFAULT-VALUE}).")
  int limit;

  @Override
  public Integer call() {
    try (Session s = Session.open(root.projectDir(), false, root.console)) {
      List<Artifact> all = s.store.newestArtifacts(limit);
      if (all.isEmpty()) {
        root.console.info("No artifacts yet; start a run with: kiln run pipelines/taxi.yaml");
      }
      for (Artifact a : all) {
        Long records = a.longProperty(MetadataKeys.RECORDS);
        String size = MetadataKeys.DATASET.equals(a.type()) ? Console.count(records == null ? 0 : records) + " rows" : "document";
        root.console.info(Console.pad("#" + a.id(), 7) + Console.pad(a.type(), 15) + Console.pad(a.name(), 30)
            + Console.pad(size, 14)
            + Console.pad(a.stringProperty(MetadataKeys.FORMAT), 9) + "fp " + Console.shortHash(a.stringProperty(MetadataKeys.FINGERPRINT)) + "  " + a.uri());
      }
    }
    return KilnCli.OK;
  }
}
