package dev.kiln.core.plan;

/**
 * How Kiln names things in the metadata store. Contexts: one {@link #PIPELINE} per pipeline name, one
 * {@link #RUN} per run (child of its pipeline). Executions: one per step per run, typed by step type.
 * Artifacts: typed by kind ({@link #DATASET}).
 */
public final class MetadataKeys {
  private MetadataKeys() {}

  public static final String PIPELINE = "kiln.Pipeline";
  public static final String RUN = "kiln.Run";
  public static final String DATASET = "Dataset";

  // run context properties
  public static final String SPEC = "spec";
  public static final String SPEC_HASH = "spec_hash";
  public static final String STATE = "state";
  public static final String PID = "pid";
  public static final String HOST = "host";
  public static final String STARTED = "started_ms";
  public static final String ENDED = "ended_ms";
  public static final String RUNNER = "runner";
  public static final String ERROR = "error";
  /** The stack trace of a failure's root cause (credentials redacted): what {@code kiln show --verbose} prints. */
  public static final String ERROR_TRACE = "error_trace";
  /** Written every few seconds by a live run: a run whose process died ended at about this time. */
  public static final String ALIVE = "alive_ms";

  // execution properties
  public static final String PIPELINE_NAME = "pipeline";
  public static final String STEP_REF = "step_ref"; // pipeline/step: finds earlier executions of a step
  public static final String RUN_NAME = "run";
  public static final String CACHE_KEY = "cache_key";
  public static final String PARTIAL_KEY = "partial_key";
  public static final String IMPL = "implementation";
  public static final String CONFIG = "config";
  public static final String INPUTS = "inputs"; // canonical JSON port -> fingerprint
  public static final String EXTERNAL = "external"; // fingerprint of external files
  public static final String REASON = "reason";
  public static final String CACHED_FROM = "cached_from";
  public static final String PLANNED_OUTPUTS = "planned_outputs"; // canonical JSON port -> uri
  public static final String ELAPSED_MS = "elapsed_ms";
  public static final String BACKEND = "backend";
  public static final String JOB_ID = "job_id"; // the runner's id of the stage's job (Flink job id)

  // artifact properties
  public static final String FINGERPRINT = "fingerprint";
  public static final String RECORDS = "records";
  public static final String FORMAT = "format";
  public static final String SPLITS = "splits"; // canonical JSON split -> {records, fingerprint}
  public static final String PRODUCER = "producer"; // pipeline/step/port
  public static final String MANIFEST_SHA256 = "manifest_sha256"; // Manifest#contentSha256 at commit
  public static final String DAMAGED = "damaged"; // why kiln verify or a failed read found it damaged

  /** The value of {@link #STEP_REF}. */
  public static String stepRef(String pipeline, String step) {
    return pipeline + "/" + step;
  }
}
