package dev.kiln.core.api;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kiln.core.run.RunOutcome;
import dev.kiln.core.spec.CanonicalJson;
import java.util.Map;
import java.util.Optional;

/**
 * What {@link KilnPipeline#run(RunOptions)} did: the run's state, each step's state and outputs (URI,
 * fingerprint, rows), and the documents the steps wrote (metrics, model, statistics, ...) as JSON.
 * Everything here is read from the metadata store and the committed manifests after the run.
 *
 * <p>Example of use:
 *
 * <pre>{@code
 * PipelineRun run = taxi.run(RunOptions.inProject(dir).withBackend(Backends.named("direct")));
 * assertTrue(run.succeeded(), run.error());
 * double auc = run.document("evaluate", "metrics").at("/overall/auc").asDouble();
 * long rows = run.output("split", "examples").records();
 * }</pre>
 *
 * @param outcome how the run ended, as the orchestrator reports it
 * @param outputs step name to its outputs by port (steps that did not commit have none)
 * @param documents step name to port to the document's JSON, for document outputs
 */
public record PipelineRun(RunOutcome outcome, Map<String, Map<String, Output>> outputs,
    Map<String, Map<String, String>> documents) {

  /**
   * One committed output of a step.
   *
   * @param kind {@code Dataset} or a document kind ({@code Metrics}, {@code Model}, ...)
   * @param uri the artifact's folder
   * @param fingerprint its content fingerprint
   * @param records rows of a dataset, 1 for a document
   */
  public record Output(long artifactId, String kind, String uri, String fingerprint, long records) {}

  public boolean succeeded() {
    return outcome.succeeded();
  }

  /** COMPLETE when every step completed or came from cache, else FAILED (see {@link #error()}). */
  public String state() {
    return outcome.succeeded() ? "COMPLETE" : "FAILED";
  }

  /** The first failure's message, or null. */
  public String error() {
    return outcome.error();
  }

  public String runName() {
    return outcome.runName();
  }

  /** The step's state in this run: COMPLETE, CACHED, FAILED, SKIPPED, CANCELED. */
  public String stepState(String step) {
    String s = outcome.steps().get(step);
    if (s == null) {
      throw new IllegalArgumentException("the run has no step '" + step + "'; steps are " + outcome.steps().keySet());
    }
    return s;
  }

  /** The output {@code port} of {@code step}. */
  public Output output(String step, String port) {
    return Optional.ofNullable(outputs.getOrDefault(step, Map.of()).get(port)).orElseThrow(() -> new IllegalArgumentException(
        "step '" + step + "' has no committed output '" + port + "' in this run; it has " + outputs.getOrDefault(step, Map.of()).keySet()));
  }

  /** The JSON of the document output {@code port} of {@code step} (metrics, model, statistics, ...). */
  public JsonNode document(String step, String port) {
    String json = documents.getOrDefault(step, Map.of()).get(port);
    if (json == null) {
      throw new IllegalArgumentException("step '" + step + "' has no document output '" + port + "' in this run");
    }
    try {
      return CanonicalJson.MAPPER.readTree(json);
    } catch (java.io.IOException e) {
      throw new IllegalStateException("the document " + step + "." + port + " is not JSON", e);
    }
  }
}
