package dev.kiln.runners.flink;

import dev.kiln.core.artifact.DatasetWriteOptions;
import dev.kiln.core.run.Backend;
import dev.kiln.core.run.UserJars;
import java.nio.file.Path;
import java.util.List;
import org.apache.beam.runners.flink.FlinkPipelineOptions;
import org.apache.beam.runners.flink.FlinkRunner;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.options.PipelineOptionsFactory;

/**
 * The {@code flink} backend: Beam's FlinkRunner, either on a mini cluster inside this process
 * ({@link #embedded}, the fast local engine) or on a Flink 1.19 cluster named by its JobManager's REST
 * address ({@link #cluster}). For a cluster, the job's code is staged as one shaded Kiln jar (the
 * Flink job jar, see {@link FlinkJobJar}) plus the jars of users' steps, and the cluster is probed before every submission, so an unreachable or unfit
 * cluster is a one-line {@link FlinkUnavailableException} before anything is sent. Each stage's job is
 * followed without blocking ({@link FlinkJob}), and its Flink job id is reported by {@link #jobId}.
 */
public final class FlinkBackend implements Backend {
  private final FlinkMaster master;
  private final int parallelism;
  private final List<Path> jobJars;
  private final ClusterProbe probe;
  private final int restarts;
  private final Path confDir;

  private FlinkBackend(FlinkMaster master, int parallelism, List<Path> jobJars, ClusterProbe probe, int restarts) {
    this.master = master;
    this.parallelism = parallelism;
    this.jobJars = jobJars;
    this.probe = probe;
    this.restarts = restarts;
    this.confDir = ClientConfiguration.write(master.embedded(), restarts, master.embedded() ? UserJars.added() : List.of());
  }

  /** Flink inside this process with {@code parallelism} task slots (at least 1). */
  public static FlinkBackend embedded(int parallelism) {
    return new FlinkBackend(FlinkMaster.EMBEDDED, Math.max(1, parallelism), List.of(), null, 0);
  }

  /**
   * A Flink cluster at {@code master}, probed now: an unreachable or unfit cluster, or a job jar that
   * is missing or not Kiln's shaded jar, fails here with a {@link FlinkUnavailableException}.
   *
   * @param parallelism 0 or less for all the cluster's task slots
   * @param jobJars the files to stage, Kiln's shaded jar first; see {@link JobJars}
   */
  public static FlinkBackend cluster(FlinkMaster master, int parallelism, List<Path> jobJars, ClusterProbe probe) {
    if (master.embedded()) {
      throw new IllegalArgumentException("use FlinkBackend.embedded for [local]");
    }
    List<Path> jars = JobJars.checked(jobJars);
    ClusterOverview overview = probe.check(master);
    return new FlinkBackend(master, parallelism > 0 ? parallelism : overview.slotsTotal(), jars, probe, 0);
  }

  /**
   * A copy whose jobs Flink restarts up to {@code attempts} times, 10 s apart, when a task fails (a
   * TaskManager lost mid-job); 0 (the default) fails the stage at the first failure. A step whose
   * outputs committed before the failure is not committed twice: should a restart run its commit
   * again, that job fails with "already exists" rather than change a committed artifact.
   */
  public FlinkBackend withRestarts(int attempts) {
    if (attempts < 0) {
      throw new IllegalArgumentException("restart attempts must be 0 or more, not " + attempts);
    }
    return new FlinkBackend(master, parallelism, jobJars, probe, attempts);
  }

  /** How many times a failed job is restarted; 0 for none. */
  public int restarts() {
    return restarts;
  }

  @Override
  public String name() {
    return "flink";
  }

  /** Where jobs run: {@code [local]} or the cluster's {@code host:port}. */
  public FlinkMaster master() {
    return master;
  }

  public int parallelism() {
    return parallelism;
  }

  /** The files staged with every job on a cluster (none when embedded). */
  public List<Path> jobJars() {
    return jobJars;
  }

  @Override
  public Pipeline newPipeline(String jobName) {
    FlinkPipelineOptions options = PipelineOptionsFactory.as(FlinkPipelineOptions.class);
    options.setRunner(FlinkRunner.class);
    options.setJobName(jobName.toLowerCase().replaceAll("[^a-z0-9-]", "-"));
    options.setFlinkMaster(master.beamValue());
    options.setParallelism(parallelism);
    options.setFlinkConfDir(confDir.toString());
    // Explicitly empty when embedded: otherwise Beam would list (and pack) the whole class path.
    options.setFilesToStage(jobJars.stream().map(Path::toString).toList());
    // Batch jobs run on Flink's DataSet API, where a DoFn bundle is the whole task: FlinkDoFnFunction
    // starts it at the task's first element and finishes it when the task closes (maxBundleSize only
    // applies to the streaming / DataStream operators). So a file per bundle is a file per task, written
    // and fingerprinted in the producer's own pass, with no FileIO shuffle and no second consumer.
    options.setUseDataStreamForBatch(false);
    options.as(DatasetWriteOptions.class).setFilePerBundle(true);
    return Pipeline.create(options);
  }

  /**
   * Probes the cluster again (it may have gone since the last stage), then submits the job and returns
   * once Flink has accepted it.
   */
  @Override
  public PipelineResult start(Pipeline pipeline) {
    if (!master.embedded()) {
      probe.check(master);
    }
    return FlinkJob.start(pipeline, pipeline.getOptions().getJobName());
  }

  @Override
  public String jobId(PipelineResult result) {
    return result instanceof FlinkJob job ? job.jobId() : null;
  }

  @Override
  public String toString() {
    return "flink " + master + " (parallelism " + parallelism + ")";
  }
}
