package dev.kiln.runners.dataflow;

import dev.kiln.core.artifact.FileSystemSetup;
import dev.kiln.core.run.Backend;
import dev.kiln.runners.gcp.GcpCredentials;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;
import org.apache.beam.runners.dataflow.DataflowClient;
import org.apache.beam.runners.dataflow.DataflowPipelineJob;
import org.apache.beam.runners.dataflow.DataflowRunner;
import org.apache.beam.runners.dataflow.options.DataflowPipelineOptions;
import org.apache.beam.runners.dataflow.util.MonitoringUtil;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.joda.time.Duration;

/**
 * The {@code dataflow} backend: each stage is one Dataflow job (Dataflow fuses the stage's steps;
 * Kiln never submits a job per step). Starting a stage stages the shaded Kiln jar and the jars with
 * users' steps ({@code KILN_CLASSPATH}, {@code --jar}; see {@link DataflowSettings#filesToStage}) under
 * the staging location, submits the job and returns a follower that reports its state and messages; a job that
 * fails carries Dataflow's error messages into the FAILED executions. With a template location,
 * the job is written as a classic template instead and nothing runs.
 */
public final class DataflowBackend implements Backend {
  /** How often a running job's state and messages are read from Dataflow. */
  public static final long DEFAULT_POLL_MILLIS = 5_000;

  private final DataflowSettings settings;
  private final Consumer<String> progress;
  private final long pollMillis;

  /**
   * @param progress receives one line per job event (submitted, state change, Dataflow message)
   * @param pollMillis how often to ask Dataflow for state and messages
   */
  public DataflowBackend(DataflowSettings settings, Consumer<String> progress, long pollMillis) {
    this.settings = settings;
    this.progress = progress;
    this.pollMillis = pollMillis;
  }

  @Override
  public String name() {
    return "dataflow";
  }

  /** Dataflow's workers are Google's machines: they read and write only what is in Cloud Storage. */
  @Override
  public boolean remote() {
    return true;
  }

  @Override
  public Pipeline newPipeline(String jobName) {
    return newPipeline(jobName, null);
  }

  @Override
  public Pipeline newPipeline(String jobName, String runName) {
    return Pipeline.create(options(jobName, runName));
  }

  /** The Beam options of one stage's job. */
  DataflowPipelineOptions options(String jobName, String runName) {
    // the process's file-system options, with this backend's project and endpoints taking precedence
    Map<String, String> byName = new java.util.LinkedHashMap<>();
    for (String arg : FileSystemSetup.configuredArgs()) {
      byName.put(arg.split("=", 2)[0], arg);
    }
    for (String arg : settings.gcp().beamArgs()) {
      byName.put(arg.split("=", 2)[0], arg);
    }
    List<String> args = new ArrayList<>(byName.values());
    DataflowPipelineOptions o = PipelineOptionsFactory.fromArgs(args.toArray(String[]::new)).as(DataflowPipelineOptions.class);
    o.setRunner(DataflowRunner.class);
    o.setProject(settings.gcp().project());
    o.setRegion(settings.region());
    o.setJobName(jobNameFor(jobName));
    o.setTempLocation(settings.tempLocation());
    o.setGcpTempLocation(settings.tempLocation());
    o.setStagingLocation(settings.effectiveStagingLocation());
    o.setFilesToStage(settings.filesToStage().stream().map(p -> p.toAbsolutePath().toString()).toList());
    if (settings.serviceAccount() != null) {
      o.setServiceAccount(settings.serviceAccount());
    }
    if (settings.workerMachineType() != null) {
      o.setWorkerMachineType(settings.workerMachineType());
    }
    if (settings.maxWorkers() > 0) {
      o.setMaxNumWorkers(settings.maxWorkers());
    }
    if (settings.network() != null) {
      o.setNetwork(settings.network());
    }
    if (settings.subnetwork() != null) {
      o.setSubnetwork(settings.subnetwork());
    }
    if (settings.templateLocation() != null) {
      o.setTemplateLocation(settings.templateLocation());
    }
    Map<String, String> labels = new HashMap<>(settings.labels());
    if (runName != null) {
      labels.put("kiln-run", labelValue(runName));
    }
    labels.put("kiln", "true");
    o.setLabels(labels);
    return o;
  }

  @Override
  public PipelineResult start(Pipeline pipeline) {
    DataflowPipelineOptions o = pipeline.getOptions().as(DataflowPipelineOptions.class);
    if (!settings.gcp().local()) {
      GcpCredentials.require(o); // a clear error before staging anything
    }
    progress.accept("Dataflow: staging " + settings.filesToStage().stream().map(p -> p.getFileName().toString())
        .collect(java.util.stream.Collectors.joining(", ")) + " to " + o.getStagingLocation() + " and submitting "
        + o.getJobName() + (o.getTemplateLocation() != null ? " as a template" : ""));
    PipelineResult result = pipeline.run();
    if (o.getTemplateLocation() != null) {
      progress.accept("Dataflow: template written to " + o.getTemplateLocation() + " (the job was not run)");
      return new TemplateWritten(o.getTemplateLocation());
    }
    DataflowPipelineJob job = (DataflowPipelineJob) result;
    progress.accept("Dataflow job " + job.getJobId() + " submitted: "
        + MonitoringUtil.getJobMonitoringPageURL(o.getProject(), o.getRegion(), job.getJobId()));
    return new DataflowJobFollower(job, new MonitoringUtil(DataflowClient.create(o)), progress, pollMillis);
  }

  /** The Dataflow job id, recorded with the stage's executions (find it in the console or with gcloud). */
  @Override
  public String jobId(PipelineResult result) {
    return result instanceof DataflowJobFollower f ? f.jobId() : null;
  }

  @Override
  public String failureMessage(PipelineResult result) {
    if (result instanceof TemplateWritten t) {
      return "not run: the stage was written as a Dataflow template to " + t.location()
          + "; launch it with gcloud dataflow jobs run (its outputs are not recorded by Kiln)";
    }
    if (result instanceof DataflowJobFollower f) {
      List<String> errors = f.errors();
      String why = errors.isEmpty() ? "" : ": " + String.join(" | ", errors.stream()
          .map(e -> e.lines().findFirst().orElse("")).toList());
      return "Dataflow job " + f.jobId() + " ended " + f.getState() + why;
    }
    return Backend.super.failureMessage(result);
  }

  /** Dataflow job names: lower-case letters, digits and '-', starting with a letter, at most 1024 characters. */
  static String jobNameFor(String name) {
    String n = name.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9-]", "-").replaceAll("-+", "-");
    if (n.isEmpty() || !Character.isLetter(n.charAt(0))) {
      n = "kiln-" + n;
    }
    n = n.replaceAll("-+$", "");
    return n.length() > 1000 ? n.substring(0, 1000) : n;
  }

  static String labelValue(String s) {
    String v = s.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9_-]", "-");
    return v.length() > 63 ? v.substring(v.length() - 63) : v;
  }

  /**
   * The result of writing a template: over at once and nothing ran, so it reports CANCELLED (the
   * stage's steps are recorded FAILED with {@link #failureMessage} saying where the template is).
   */
  static final class TemplateWritten implements PipelineResult {
    private final String location;

    TemplateWritten(String location) {
      this.location = location;
    }

    String location() {
      return location;
    }

    @Override
    public State getState() {
      return State.CANCELLED;
    }

    @Override
    public State cancel() {
      return State.CANCELLED;
    }

    @Override
    public State waitUntilFinish(Duration duration) {
      return State.CANCELLED;
    }

    @Override
    public State waitUntilFinish() {
      return State.CANCELLED;
    }

    @Override
    public org.apache.beam.sdk.metrics.MetricResults metrics() {
      throw new UnsupportedOperationException("a template has no metrics: it did not run");
    }
  }
}
