package dev.kiln.runners.dataflow;

import dev.kiln.core.spec.SpecException;
import dev.kiln.runners.gcp.GcpSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * What a user says about where and how Dataflow runs Kiln's jobs ({@code kiln run --runner dataflow ...}).
 *
 * @param gcp project and endpoints
 * @param region the Dataflow region, e.g. {@code europe-west1} (required)
 * @param tempLocation {@code gs://} folder for temporary files (required)
 * @param stagingLocation {@code gs://} folder for the staged jar; null = {@code <tempLocation>/staging}
 * @param serviceAccount the workers' service account e-mail, or null for the Compute Engine default
 * @param workerMachineType e.g. {@code n2-standard-4}, or null for Dataflow's default
 * @param maxWorkers upper bound for autoscaling, 0 = Dataflow's default
 * @param network VPC network name, or null
 * @param subnetwork subnetwork, e.g. {@code regions/europe-west1/subnetworks/kiln}, or null
 * @param labels extra job labels (Kiln adds {@code kiln-run} and {@code kiln-pipeline})
 * @param templateLocation when set, a classic template is written there instead of running
 * @param jar the shaded Kiln jar to stage for the workers
 * @param userJars jars or class folders with users' steps, staged beside it ({@code KILN_CLASSPATH},
 *     {@code --jar}; see {@link dev.kiln.runners.flink.JobJars#userCode})
 */
public record DataflowSettings(GcpSettings gcp, String region, String tempLocation, String stagingLocation,
    String serviceAccount, String workerMachineType, int maxWorkers, String network, String subnetwork,
    Map<String, String> labels, String templateLocation, Path jar, List<Path> userJars) {
  private static final Pattern LABEL_KEY = Pattern.compile("[a-z][a-z0-9_-]{0,62}");
  private static final Pattern LABEL_VALUE = Pattern.compile("[a-z0-9_-]{0,63}");
  private static final Pattern REGION = Pattern.compile("[a-z]+-[a-z]+[0-9]+");

  /**
   * Checks everything that can be checked without calling Google, so a mistake is a one-line error
   * naming the option before any job is staged.
   *
   * @throws SpecException naming the option and what is wrong
   */
  public DataflowSettings {
    if (gcp == null || gcp.project() == null) {
      throw new SpecException("--gcp-project is required for --runner dataflow (the Google Cloud project id; or set GOOGLE_CLOUD_PROJECT)");
    }
    if (region == null || !REGION.matcher(region).matches()) {
      throw new SpecException("--region is required for --runner dataflow and must look like europe-west1, was " + region);
    }
    requireGcs("--temp-location", tempLocation, true);
    requireGcs("--staging-location", stagingLocation, false);
    requireGcs("--template", templateLocation, false);
    if (maxWorkers < 0) {
      throw new SpecException("--max-workers must be at least 1, was " + maxWorkers);
    }
    labels = new TreeMap<>(labels == null ? Map.of() : labels);
    labels.forEach((k, v) -> {
      if (!LABEL_KEY.matcher(k).matches() || !LABEL_VALUE.matcher(v).matches()) {
        throw new SpecException("--labels " + k + "=" + v + ": keys start with a lower-case letter; keys and values"
            + " use lower-case letters, digits, '_' and '-', at most 63 characters");
      }
    });
    labels = Map.copyOf(labels);
    if (jar == null || !Files.isRegularFile(jar)) {
      throw new SpecException("the Kiln jar to stage for Dataflow workers was not found" + (jar == null ? "" : " at " + jar)
          + "; build it with 'mvn -DskipTests package' (cli/target/kiln.jar) or run Kiln from that jar");
    }
    userJars = List.copyOf(userJars == null ? List.of() : userJars);
    for (Path p : userJars) {
      if (!Files.exists(p)) {
        throw new SpecException("the jar " + p + " with your steps, to stage for Dataflow workers, does not exist");
      }
    }
  }

  /** Settings that stage only Kiln's jar (no user code beside it). */
  public DataflowSettings(GcpSettings gcp, String region, String tempLocation, String stagingLocation,
      String serviceAccount, String workerMachineType, int maxWorkers, String network, String subnetwork,
      Map<String, String> labels, String templateLocation, Path jar) {
    this(gcp, region, tempLocation, stagingLocation, serviceAccount, workerMachineType, maxWorkers, network, subnetwork,
        labels, templateLocation, jar, List.of());
  }

  /** A copy that also stages {@code jars} (users' steps) for the workers. */
  public DataflowSettings withUserJars(List<Path> jars) {
    return new DataflowSettings(gcp, region, tempLocation, stagingLocation, serviceAccount, workerMachineType, maxWorkers,
        network, subnetwork, labels, templateLocation, jar, jars);
  }

  /** What the workers get: Kiln's jar first, then the users' jars, each once. */
  public List<Path> filesToStage() {
    java.util.Set<Path> files = new java.util.LinkedHashSet<>();
    files.add(jar.toAbsolutePath().normalize());
    userJars.forEach(p -> files.add(p.toAbsolutePath().normalize()));
    return List.copyOf(files);
  }

  /** The staging folder: as given, or {@code staging/} below the temp location. */
  public String effectiveStagingLocation() {
    return stagingLocation != null ? stagingLocation : tempLocation.replaceAll("/+$", "") + "/staging";
  }

  /** Parses {@code k=v,k2=v2}. */
  public static Map<String, String> parseLabels(String text) {
    Map<String, String> out = new TreeMap<>();
    if (text == null || text.isBlank()) {
      return out;
    }
    for (String pair : text.split(",")) {
      int eq = pair.indexOf('=');
      if (eq <= 0) {
        throw new SpecException("--labels '" + pair + "' must be key=value (several separated by commas)");
      }
      out.put(pair.substring(0, eq).trim(), pair.substring(eq + 1).trim());
    }
    return out;
  }

  private static void requireGcs(String option, String value, boolean required) {
    if (value == null) {
      if (required) {
        throw new SpecException(option + " is required for --runner dataflow (a gs://bucket/folder)");
      }
      return;
    }
    if (!value.startsWith("gs://") || value.length() <= "gs://".length()) {
      throw new SpecException(option + " must be a gs://bucket/path, was " + value);
    }
  }
}
