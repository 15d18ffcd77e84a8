package dev.kiln.cli;

import dev.kiln.runners.dataflow.DataflowBackend;
import dev.kiln.runners.dataflow.DataflowSettings;
import dev.kiln.runners.dataflow.StagedJar;
import dev.kiln.runners.flink.JobJars;
import dev.kiln.runners.gcp.GcpSettings;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** The options of {@code kiln run --runner dataflow}. */
final class DataflowArgs {
  // "--project" is Kiln's project folder (an option of every command), hence --gcp-project
  @Option(names = "--gcp-project", description = "Google Cloud project id (dataflow; default: $GOOGLE_CLOUD_PROJECT).")
  String project;

  @Option(names = "--region", description = "Dataflow region, e.g. europe-west1.")
  String region;

  @Option(names = "--temp-location", description = "gs:// folder for Dataflow's temporary files.")
  String tempLocation;

  @Option(names = "--staging-location", description = "gs:// folder for the staged Kiln jar (default: <temp-location>/staging).")
  String stagingLocation;

  @Option(names = "--service-account", description = "Service account e-mail the workers run as.")
  String serviceAccount;

  @Option(names = "--worker-machine-type", description = "Worker machine type, e.g. n2-standard-4.")
  String workerMachineType;

  @Option(names = "--max-workers", defaultValue = "0", description = "Autoscaling limit (default: Dataflow's).")
  int maxWorkers;

  @Option(names = "--network", description = "VPC network for the workers.")
  String network;

  @Option(names = "--subnetwork", description = "Subnetwork, e.g. regions/europe-west1/subnetworks/kiln.")
  String subnetwork;

  @Option(names = "--labels", description = "Job labels: key=value,key=value.")
  String labels;

  @Option(names = "--template", description = "Write a classic Dataflow template to this gs:// path instead of running.")
  String template;

  // --jar adds a user's jar (PipelineArgs); this one replaces Kiln's own
  @Option(names = "--kiln-jar", description = "The shaded Kiln jar to stage to Dataflow (default: the jar Kiln runs from).")
  Path jar;

  @Option(names = "--dataflow-endpoint", hidden = true, description = "The Dataflow API (default: $KILN_DATAFLOW_ENDPOINT, else Google's).")
  String dataflowEndpoint;

  @Option(names = "--gcs-endpoint", hidden = true, description = "The Cloud Storage JSON API (default: $KILN_GCS_ENDPOINT, else Google's).")
  String gcsEndpoint;

  /** Endpoints and project from the options, else the environment ($KILN_GCS_ENDPOINT, $KILN_DATAFLOW_ENDPOINT, $GOOGLE_CLOUD_PROJECT). */
  GcpSettings gcp() {
    GcpSettings s = GcpSettings.fromEnvironment(System.getenv());
    s = project != null ? s.withProject(project) : s;
    s = gcsEndpoint != null ? s.withGcsEndpoint(gcsEndpoint) : s;
    return dataflowEndpoint != null ? s.withDataflowEndpoint(dataflowEndpoint) : s;
  }

  DataflowBackend backend(Console console) {
    Path staged = jar != null ? jar : StagedJar.current().orElse(null);
    DataflowSettings settings = new DataflowSettings(gcp(), region, tempLocation, stagingLocation, serviceAccount,
        workerMachineType, maxWorkers, network, subnetwork, DataflowSettings.parseLabels(labels), template, staged)
        .withUserJars(JobJars.userCode()); // KILN_CLASSPATH and --jar, as for a Flink cluster
    // the stage's own pipelines re-register file systems with the backend's options; keep the
    // process's (used by the planner and the commit check) pointing at the same endpoints
    dev.kiln.core.artifact.FileSystemSetup.configure(gcp().beamArgs());
    return new DataflowBackend(settings, line -> console.info("  " + line), gcp().local() ? 500 : DataflowBackend.DEFAULT_POLL_MILLIS);
  }
}
