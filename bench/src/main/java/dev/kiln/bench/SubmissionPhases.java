package dev.kiln.bench;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Where the time of one Flink cluster submission goes, from two clocks of the same machine: the kiln
 * client's timestamped log ({@link ClientLog}) and the JobManager's job timestamps ({@link FlinkJobTimes}).
 *
 * <pre>
 * client  "Translating pipeline to Flink program."  ─┐ translation (Beam → Flink plan; embedded does it too)
 * client  "Starting execution of Flink program."    ─┤ job graph (client builds Flink's job graph)
 * client  "Submitting job '…' (ID)"                 ─┤ upload (job graph + staged jars over REST)      ┐ submission
 * JM      INITIALIZING                              ─┤ scheduling (JobManager: job created, scheduled) ┘ overhead
 * JM      RUNNING                                   ─┤ job execution
 * JM      FINISHED                                  ─┤ end noticed by the client (its result polling)
 * client  "Execution finished in …"                 ─┘
 * </pre>
 *
 * The submission overhead is what a cluster adds before the job runs: uploading the job and its jars
 * and the JobManager scheduling it. Its phases are millisecond differences between log lines and REST
 * timestamps; the client flushes each log line when it is written.
 */
public record SubmissionPhases(long translation, long jobGraph, long upload, long scheduling, long execution, long endNoticed) {
  /** Beam's FlinkRunner: translation to a Flink program begins. */
  static final String TRANSLATING = "Translating pipeline to Flink program.";
  public static final String TRANSLATION = "translation, Beam → Flink plan (client)";
  public static final String JOB_GRAPH = "job graph built (client)";
  public static final String UPLOAD = "upload of job graph + jars (client → JobManager)";
  public static final String SCHEDULING = "scheduling (JobManager: INITIALIZING → RUNNING)";
  public static final String OVERHEAD = "**submission overhead: upload start → job RUNNING**";
  public static final String EXECUTION = "job execution (RUNNING → FINISHED)";
  public static final String END = "end noticed by the client (FINISHED → client)";
  /** The names of {@link #asMillis()}, in time order. */
  public static final List<String> NAMES = List.of(TRANSLATION, JOB_GRAPH, UPLOAD, SCHEDULING, OVERHEAD, EXECUTION, END);

  /** The phases of the run whose client log is {@code log}; its one Flink job is looked up at {@code restAddress}. */
  public static SubmissionPhases of(ClientLog log, String restAddress) {
    List<String> jobs = log.submittedJobIds();
    if (jobs.size() != 1) {
      throw new BenchException("expected one Flink job submitted in the run, found " + jobs.size() + " " + jobs);
    }
    return of(log, FlinkJobTimes.fetch(restAddress, jobs.get(0)));
  }

  /** The phases from a client log and the JobManager's times of its job. */
  public static SubmissionPhases of(ClientLog log, FlinkJobTimes job) {
    if (!"FINISHED".equals(job.state())) {
      throw new BenchException("Flink job " + job.jobId() + " is " + job.state() + ", not FINISHED");
    }
    long translating = required(log, TRANSLATING);
    long executing = required(log, ClientLog.EXECUTION_STARTS);
    long submitting = required(log, ClientLog.SUBMITTING_JOB);
    long finishedSeen = required(log, ClientLog.EXECUTION_FINISHED);
    return new SubmissionPhases(executing - translating, submitting - executing, job.initializing() - submitting,
        job.running() - job.initializing(), job.finished() - job.running(), finishedSeen - job.finished());
  }

  /** Upload start to job RUNNING: {@link #upload} + {@link #scheduling}. */
  public long overhead() {
    return upload + scheduling;
  }

  /** Phase name ({@link #NAMES}) to milliseconds. */
  public Map<String, Double> asMillis() {
    Map<String, Double> m = new LinkedHashMap<>();
    m.put(TRANSLATION, (double) translation);
    m.put(JOB_GRAPH, (double) jobGraph);
    m.put(UPLOAD, (double) upload);
    m.put(SCHEDULING, (double) scheduling);
    m.put(OVERHEAD, (double) overhead());
    m.put(EXECUTION, (double) execution);
    m.put(END, (double) endNoticed);
    return m;
  }

  private static long required(ClientLog log, String text) {
    return log.first(text).orElseThrow(() -> new BenchException("no timestamped line '" + text + "' in the client's log"
        + " (the kiln command must run with ClientLog.JVM_OPTIONS)"));
  }
}
