package dev.kiln.bench;

import dev.kiln.cli.KilnCli;
import dev.kiln.core.artifact.ArtifactStore;
import dev.kiln.core.plan.Plan;
import dev.kiln.core.plan.Planner;
import dev.kiln.core.project.KilnProject;
import dev.kiln.core.run.ProcessIdentity;
import dev.kiln.core.run.RunRecorder;
import dev.kiln.core.run.RunRecovery;
import dev.kiln.core.spec.PipelineSpec;
import dev.kiln.core.spec.YamlSpecLoader;
import dev.kiln.core.step.PipelineResolver;
import dev.kiln.core.step.ResolvedPipeline;
import dev.kiln.core.step.StepRegistry;
import dev.kiln.metadata.MetadataStore;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import picocli.CommandLine;

/**
 * Where a fully cached {@code kiln run} spends its time: the same work as the CLI's run command, in
 * the same order, each phase timed on its own (first use in a fresh JVM, so class loading and JIT
 * are counted where they happen) with the number of classes it loaded.
 *
 * <pre>java -cp ... dev.kiln.bench.CachedRunProfile PROJECT_DIR PIPELINE_FILE</pre>
 *
 * Prints one line per phase: {@code phase<TAB>milliseconds<TAB>classes loaded}.
 */
public final class CachedRunProfile {
  private long last = System.nanoTime();
  private long lastClasses = loaded();

  private CachedRunProfile() {}

  public static void main(String[] args) {
    new CachedRunProfile().profile(Path.of(args[0]), Path.of(args[1]));
  }

  private void profile(Path projectDir, Path pipelineFile) {
    long uptime = ManagementFactory.getRuntimeMXBean().getUptime();
    print("jvm start to main", uptime, loaded());
    mark();
    phase("picocli command line", () -> new CommandLine(new KilnCli()));
    PipelineSpec spec = phase("load yaml", () -> YamlSpecLoader.load(pipelineFile));
    ResolvedPipeline pipeline = phase("resolve steps (class fingerprints)",
        () -> new PipelineResolver(StepRegistry.standard()).resolve(spec, pipelineFile.toString()));
    KilnProject project = phase("find project (.kiln/config.yaml)", () -> KilnProject.find(projectDir).orElseThrow());
    MetadataStore store = phase("open metadata store (sqlite, flyway)",
        () -> MetadataStore.open(project.metadataUrl(), project.metadataUser(), project.metadataPassword()));
    ArtifactStore artifacts = phase("artifact store", () -> ArtifactStore.at(project.artifactRoot()));
    phase("run recovery", () -> new RunRecovery(store, artifacts).recover());
    ProcessIdentity who = phase("process identity (host name)", ProcessIdentity::current);
    Plan plan = phase("plan (cache keys, manifests, file checks)",
        () -> new Planner(store, artifacts, project.dir()).plan(pipeline, Map.of()));
    phase("record cached run (run, 3 executions, events)", () -> {
      RunRecorder recorder = new RunRecorder(store);
      RunHistoryFiller.recordCachedRun(recorder, pipeline, plan,
          "profile-" + Long.toHexString(System.nanoTime()), who);
      return null;
    });
    phase("close store", () -> {
      store.close();
      return null;
    });
    // Not part of a cached run since ExternalFiles.match stopped calling it; timed for reference.
    phase("(reference, not in the run) PipelineOptionsFactory.create()", PipelineOptionsFactory::create);
  }

  private <T> T phase(String name, Supplier<T> work) {
    T result = work.get();
    long now = System.nanoTime();
    long classes = loaded();
    print(name, (now - last) / 1e6, classes - lastClasses);
    last = now;
    lastClasses = classes;
    return result;
  }

  private void mark() {
    last = System.nanoTime();
    lastClasses = loaded();
  }

  private static long loaded() {
    return ManagementFactory.getClassLoadingMXBean().getTotalLoadedClassCount();
  }

  private static void print(String name, double millis, long classes) {
    System.out.printf(Locale.ROOT, "%s\t%.1f\t%d%n", name, millis, classes);
  }
}
