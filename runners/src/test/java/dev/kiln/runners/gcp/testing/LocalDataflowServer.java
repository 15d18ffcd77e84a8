package dev.kiln.runners.gcp.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A local server for the Dataflow v1b3 jobs API as Beam's DataflowRunner and DataflowPipelineJob
 * use it: {@code projects.locations.jobs} create, get, update (cancel), messages and metrics.
 * It records every submitted Job as JSON and plays a scripted life for it: each {@code get}
 * advances one state of the script; a cancel request replaces the rest with CANCELLING, CANCELLED.
 * Point Beam at it with {@code --dataflowEndpoint=}{@link #baseUrl()}{@code /}.
 */
public final class LocalDataflowServer extends LocalHttpServer {
  /** A job message that appears once the job's script has reached state number {@code afterStep}. */
  public record Message(int afterStep, String importance, String text) {}

  /** The states a job goes through (one per {@code get}) and the messages it emits. */
  public record Script(List<String> states, List<Message> messages) {
    public static Script of(String... states) {
      return new Script(List.of(states), List.of());
    }

    public Script withMessage(int afterStep, String importance, String text) {
      List<Message> m = new ArrayList<>(messages);
      m.add(new Message(afterStep, importance, text));
      return new Script(states, m);
    }
  }

  private static final class Job {
    final ObjectNode submitted;
    final String id;
    final String project;
    final String location;
    final Instant created = Instant.now();
    List<String> states;
    final List<Message> messages;
    int step;
    String requestedState;

    Job(ObjectNode submitted, String id, String project, String location, Script script) {
      this.submitted = submitted;
      this.id = id;
      this.project = project;
      this.location = location;
      this.states = new ArrayList<>(script.states());
      this.messages = script.messages();
    }

    String state() {
      return states.get(Math.min(step, states.size() - 1));
    }
  }

  private final Map<String, Job> jobs = new LinkedHashMap<>();
  private final AtomicInteger ids = new AtomicInteger();
  private Script next = Script.of("JOB_STATE_RUNNING", "JOB_STATE_RUNNING", "JOB_STATE_DONE");

  /** The script the next created job follows. */
  public synchronized LocalDataflowServer scriptNextJob(Script script) {
    this.next = script;
    return this;
  }

  /** Every submitted Job, as the JSON Beam sent, in submission order. */
  public synchronized List<JsonNode> submittedJobs() {
    return jobs.values().stream().map(j -> (JsonNode) j.submitted.deepCopy()).toList();
  }

  /** The state a job was asked to move to with an update (e.g. JOB_STATE_CANCELLED), or null. */
  public synchronized String requestedState(String jobId) {
    Job j = jobs.get(jobId);
    return j == null ? null : j.requestedState;
  }

  @Override
  synchronized HttpCall.Response handle(HttpCall call) {
    List<String> s = call.segments();
    // v1b3/projects/{project}/locations/{location}/jobs[/{id}[/messages|/metrics]]
    if (s.size() < 6 || !s.get(0).equals("v1b3") || !s.get(1).equals("projects") || !s.get(3).equals("locations")
        || !s.get(5).equals("jobs")) {
      return HttpCall.Response.error(404, "notFound", "no such API: " + call.method + " " + call.rawPath);
    }
    String project = s.get(2);
    String location = s.get(4);
    if (s.size() == 6 && call.method.equals("POST")) {
      return create(call, project, location);
    }
    Job job = s.size() >= 7 ? jobs.get(s.get(6)) : null;
    if (job == null) {
      return HttpCall.Response.error(404, "notFound", "no job " + (s.size() >= 7 ? s.get(6) : ""));
    }
    if (s.size() == 7 && call.method.equals("GET")) {
      String state = job.state();
      job.step++;
      return HttpCall.Response.json(200, Json.write(view(job, state)));
    }
    if (s.size() == 7 && call.method.equals("PUT")) {
      return update(call, job);
    }
    if (s.size() == 8 && s.get(7).equals("messages")) {
      return messages(job);
    }
    if (s.size() == 8 && s.get(7).equals("metrics")) {
      return HttpCall.Response.json(200, "{\"metrics\":[]}");
    }
    return HttpCall.Response.error(404, "notFound", "no such API: " + call.method + " " + call.rawPath);
  }

  private HttpCall.Response create(HttpCall call, String project, String location) {
    ObjectNode submitted = (ObjectNode) Json.parse(call.body);
    String id = Instant.now().toString().substring(0, 10) + "_local_" + ids.incrementAndGet();
    Job job = new Job(submitted, id, project, location, next);
    jobs.put(id, job);
    return HttpCall.Response.json(200, Json.write(view(job, "JOB_STATE_QUEUED")));
  }

  private HttpCall.Response update(HttpCall call, Job job) {
    JsonNode body = Json.parse(call.body);
    if (body.hasNonNull("requestedState")) {
      job.requestedState = body.get("requestedState").asText();
      if (job.requestedState.equals("JOB_STATE_CANCELLED") && !terminal(job.state())) {
        job.states = new ArrayList<>(List.of("JOB_STATE_CANCELLING", "JOB_STATE_CANCELLED"));
        job.step = 0;
      }
    }
    return HttpCall.Response.json(200, Json.write(view(job, job.state())));
  }

  private HttpCall.Response messages(Job job) {
    ObjectNode out = Json.object();
    ArrayNode list = out.putArray("jobMessages");
    int n = 0;
    for (Message m : job.messages) {
      if (job.step >= m.afterStep()) {
        ObjectNode node = list.addObject();
        node.put("id", job.id + "-" + n);
        node.put("time", job.created.plusMillis(++n).toString());
        node.put("messageImportance", m.importance());
        node.put("messageText", m.text());
      }
    }
    return HttpCall.Response.json(200, Json.write(out));
  }

  private static boolean terminal(String state) {
    return List.of("JOB_STATE_DONE", "JOB_STATE_FAILED", "JOB_STATE_CANCELLED", "JOB_STATE_UPDATED", "JOB_STATE_DRAINED")
        .contains(state);
  }

  private static ObjectNode view(Job job, String state) {
    ObjectNode v = Json.object();
    v.put("id", job.id);
    v.put("projectId", job.project);
    v.put("location", job.location);
    if (job.submitted.hasNonNull("name")) {
      v.put("name", job.submitted.get("name").asText());
    }
    if (job.submitted.hasNonNull("clientRequestId")) {
      v.put("clientRequestId", job.submitted.get("clientRequestId").asText());
    }
    v.put("type", job.submitted.path("type").asText("JOB_TYPE_BATCH"));
    v.put("currentState", state);
    v.put("currentStateTime", Instant.now().toString());
    v.put("createTime", job.created.toString());
    return v;
  }
}
