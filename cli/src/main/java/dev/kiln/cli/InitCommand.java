package dev.kiln.cli;

import dev.kiln.core.project.KilnProject;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParentCommand;

@Command(mixinStandardHelpOptions = true, name = "init", description = "Create .kiln/ here: config, embedded metadata store, artifact root.")
final class InitCommand implements Callable<Integer> {
  @ParentCommand KilnCli root;

  @Override
  public Integer call() {
    KilnProject p = KilnProject.init(root.projectDir());
    try (Session s = Session.open(p.dir(), false, root.console)) {
      root.console.info("Kiln project in " + p.dir());
      root.console.info("  metadata:  " + p.metadataUrl());
      root.console.info("  artifacts: " + p.artifactRoot());
    }
    return KilnCli.OK;
  }
}
