package dev.kiln.runners.dataflow;

import com.google.api.services.dataflow.model.JobMessage;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.apache.beam.runners.dataflow.DataflowPipelineJob;
import org.apache.beam.runners.dataflow.util.MonitoringUtil;
import org.apache.beam.runners.dataflow.util.TimeUtil;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.metrics.MetricResults;
import org.joda.time.Duration;

/**
 * Follows one submitted Dataflow job: polls its state and new job messages at most every poll
 * interval, reports both as progress lines, keeps the error messages for a FAILED job, and asks
 * Dataflow to cancel the job if this process is stopped (Ctrl-C) while the job runs.
 */
final class DataflowJobFollower implements PipelineResult {
  private final DataflowPipelineJob job;
  private final MonitoringUtil monitoring;
  private final Consumer<String> progress;
  private final long pollMillis;
  private final List<String> errors = new ArrayList<>();
  private final Thread cancelOnExit;
  private State state = State.UNKNOWN;
  private long lastPoll;
  private long lastMessageMillis = -1;

  DataflowJobFollower(DataflowPipelineJob job, MonitoringUtil monitoring, Consumer<String> progress, long pollMillis) {
    this.job = job;
    this.monitoring = monitoring;
    this.progress = progress;
    this.pollMillis = pollMillis;
    this.cancelOnExit = new Thread(this::cancelBecauseStopped, "kiln-dataflow-cancel-" + job.getJobId());
    Runtime.getRuntime().addShutdownHook(cancelOnExit);
    poll();
  }

  String jobId() {
    return job.getJobId();
  }

  /** The job's error messages seen so far, oldest first. */
  synchronized List<String> errors() {
    return List.copyOf(errors);
  }

  @Override
  public synchronized State getState() {
    return state;
  }

  @Override
  public State waitUntilFinish(Duration duration) {
    long deadline = System.currentTimeMillis() + Math.max(0, duration.getMillis());
    while (true) {
      long wait;
      synchronized (this) {
        if (state.isTerminal()) {
          return state;
        }
        long now = System.currentTimeMillis();
        if (now - lastPoll >= pollMillis) {
          poll();
          now = System.currentTimeMillis();
        }
        if (state.isTerminal() || now >= deadline) {
          return state;
        }
        wait = Math.min(deadline - now, Math.max(1, lastPoll + pollMillis - now));
      }
      try {
        Thread.sleep(wait);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return getState();
      }
    }
  }

  @Override
  public State waitUntilFinish() {
    return waitUntilFinish(Duration.millis(Long.MAX_VALUE / 4));
  }

  @Override
  public State cancel() throws IOException {
    progress.accept("Dataflow job " + job.getJobId() + ": asking Dataflow to cancel it");
    State s = job.cancel();
    synchronized (this) {
      poll();
    }
    return s;
  }

  @Override
  public MetricResults metrics() {
    return job.metrics();
  }

  /** Reads the state and the messages since the last poll; reports changes. Caller holds the lock. */
  private void poll() {
    State now = job.getState();
    if (now != state && now != State.UNKNOWN && !now.isTerminal()) {
      progress.accept("Dataflow job " + job.getJobId() + ": " + now);
      state = now;
    }
    readMessages();
    if (now.isTerminal() && now != state) { // its end after the messages that explain it
      progress.accept("Dataflow job " + job.getJobId() + ": " + now);
      state = now;
    }
    lastPoll = System.currentTimeMillis(); // the interval counts from the end of a poll, so slow replies cannot starve waiters
    if (state.isTerminal()) {
      try {
        Runtime.getRuntime().removeShutdownHook(cancelOnExit);
      } catch (IllegalStateException shuttingDown) {
        // the hook is running or about to; nothing to remove
      }
    }
  }

  private void readMessages() {
    List<JobMessage> messages;
    try {
      messages = monitoring.getJobMessages(job.getJobId(), lastMessageMillis);
    } catch (IOException e) {
      return; // messages are progress only; the state decides the outcome
    }
    for (JobMessage m : messages) {
      org.joda.time.Instant t = m.getTime() == null ? null : TimeUtil.fromCloudTime(m.getTime());
      if (t != null) {
        lastMessageMillis = Math.max(lastMessageMillis, t.getMillis());
      }
      String importance = m.getMessageImportance() == null ? "" : m.getMessageImportance();
      if (importance.equals("JOB_MESSAGE_ERROR")) {
        errors.add(m.getMessageText());
      }
      if (importance.equals("JOB_MESSAGE_ERROR") || importance.equals("JOB_MESSAGE_WARNING")
          || importance.equals("JOB_MESSAGE_BASIC")) {
        progress.accept("  [dataflow " + importance.substring("JOB_MESSAGE_".length()).toLowerCase() + "] "
            + m.getMessageText().lines().findFirst().orElse(""));
      }
    }
  }

  private void cancelBecauseStopped() {
    if (getState().isTerminal()) {
      return;
    }
    try {
      progress.accept("Stopped: asking Dataflow to cancel job " + job.getJobId());
      job.cancel();
    } catch (IOException | RuntimeException e) {
      progress.accept("Could not cancel Dataflow job " + job.getJobId() + " (" + e.getMessage()
          + "); cancel it in the console or with: gcloud dataflow jobs cancel " + job.getJobId());
    }
  }

  /** For tests: what the shutdown hook does when the process is stopped. */
  void simulateStop() {
    cancelBecauseStopped();
  }
}
