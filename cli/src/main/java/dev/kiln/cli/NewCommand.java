package dev.kiln.cli;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/**
 * {@code kiln new NAME}: a ready Maven project in the folder NAME (see {@link ProjectTemplate}); then
 * {@code mvn test} passes in it and {@code mvn package} gives the jar for {@code kiln run --jar}.
 */
@Command(mixinStandardHelpOptions = true, name = "new",
    description = "Create a Maven project that uses Kiln: a pipeline in YAML and in Java, a step type, a Beam"
        + " transform, a unit test and a README, in the folder NAME.")
final class NewCommand implements Callable<Integer> {
  @ParentCommand KilnCli root;

  @Parameters(paramLabel = "NAME", description = "The project's name: its folder, Maven artifactId and Java package (e.g. taxi-tips).")
  String name;

  @Option(names = "--group-id", defaultValue = "com.example", paramLabel = "GROUP",
      description = "The Maven groupId; the Java package is GROUP.NAME without dashes (default: com.example).")
  String groupId;

  @Option(names = "--dir", paramLabel = "DIR",
      description = "The folder to create (default: NAME in the current folder, or in --project).")
  Path dir;

  @Override
  public Integer call() {
    ProjectTemplate template = ProjectTemplate.named(name, groupId);
    Path target = dir != null ? dir : root.projectDir().resolve(name);
    List<String> files = template.writeTo(target);
    root.console.info("Created " + target.toAbsolutePath().normalize() + " (" + files.size() + " files):");
    root.console.info("  pipelines/" + name + ".yaml and " + template.classPrefix() + "Pipeline.java, the same pipeline in YAML and Java;"
        + " ClipStep, a step type; LabelBigTips, a Beam transform; a test on KilnTestProject");
    root.console.info("Next (Kiln's artifacts must be installed: mvn install -DskipTests in Kiln's source tree):");
    root.console.info("  cd " + target + " && mvn test && mvn package");
    root.console.info("  kiln run pipelines/" + name + ".yaml --jar target/" + name + ".jar");
    return KilnCli.OK;
  }
}
