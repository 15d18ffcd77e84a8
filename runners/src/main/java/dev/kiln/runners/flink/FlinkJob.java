package dev.kiln.runners.flink;

import java.io.IOException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.metrics.MetricResults;
import org.apache.flink.core.execution.JobClient;
import org.joda.time.Duration;

/**
 * A Beam pipeline running on Flink, followed without blocking the caller. Beam's FlinkRunner runs a
 * batch job in attached mode (the only mode the embedded mini cluster has): {@code run()} returns when
 * the job has ended. So the job is run on its own thread, and this result reports its state, its Flink
 * job id (known once Flink accepted the job) and, when it failed, Flink's error: {@link #waitUntilFinish()}
 * throws a {@link FlinkJobException} whose message summarizes the root cause, as the synchronous
 * runner would have thrown it.
 */
public final class FlinkJob implements PipelineResult {
  private final String name;
  private final CompletableFuture<JobClient> submitted = new CompletableFuture<>();
  private final CompletableFuture<PipelineResult> finished = new CompletableFuture<>();

  private FlinkJob(String name) {
    this.name = name;
  }

  /**
   * Starts {@code pipeline} (whose options name the FlinkRunner) on a new thread and returns once Flink
   * has accepted the job, or throws when submission failed (translation, staging, an unreachable
   * cluster) — then nothing runs.
   */
  static FlinkJob start(Pipeline pipeline, String name) {
    FlinkJob job = new FlinkJob(name);
    Thread thread = new Thread(() -> job.run(pipeline), "kiln-flink-" + name);
    thread.setDaemon(true);
    thread.start();
    try {
      // whichever comes first: Flink accepted the job, or run() ended (failed before or after submission)
      CompletableFuture.anyOf(job.submitted, job.finished).handle((r, e) -> null).get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while submitting Flink job " + name, e);
    } catch (ExecutionException e) {
      throw new IllegalStateException(e); // handle() above completes normally
    }
    if (job.jobId() == null && job.finished.isCompletedExceptionally()) {
      // never reached Flink: report it from start(), so nothing is taken for a running job
      try {
        job.finished.join();
      } catch (java.util.concurrent.CompletionException e) {
        throw FlinkJobException.of(name, null, e.getCause());
      }
    }
    return job;
  }

  private void run(Pipeline pipeline) {
    JobSubmissionListener.onThisThread(submitted::complete);
    try {
      finished.complete(pipeline.run());
    } catch (Throwable t) {
      finished.completeExceptionally(t);
    } finally {
      JobSubmissionListener.clearThisThread();
      // a job that never reached Flink has no id
      submitted.complete(null);
    }
  }

  /** Flink's id of the job (32 hex digits); null if it was never accepted. */
  public String jobId() {
    JobClient client = submitted.getNow(null);
    return client == null ? null : client.getJobID().toHexString();
  }

  @Override
  public State getState() {
    if (!finished.isDone()) {
      return State.RUNNING;
    }
    return finished.isCompletedExceptionally() ? State.FAILED : finished.join().getState();
  }

  @Override
  public State cancel() throws IOException {
    JobClient client = submitted.getNow(null);
    if (client != null && !finished.isDone()) {
      try {
        client.cancel().get(30, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IOException("interrupted while cancelling Flink job " + jobId(), e);
      } catch (ExecutionException | TimeoutException e) {
        throw new IOException("could not cancel Flink job " + jobId() + ": " + e.getMessage(), e);
      }
    }
    return getState();
  }

  /** Waits up to {@code duration}; throws {@link FlinkJobException} if the job failed. */
  @Override
  public State waitUntilFinish(Duration duration) {
    try {
      return finished.get(duration.getMillis(), TimeUnit.MILLISECONDS).getState();
    } catch (TimeoutException e) {
      return State.RUNNING;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return State.RUNNING;
    } catch (ExecutionException e) {
      throw FlinkJobException.of(name, jobId(), e.getCause());
    }
  }

  /** Waits for the end; throws {@link FlinkJobException} if the job failed. */
  @Override
  public State waitUntilFinish() {
    try {
      return finished.get().getState();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return State.RUNNING;
    } catch (ExecutionException e) {
      throw FlinkJobException.of(name, jobId(), e.getCause());
    }
  }

  @Override
  public MetricResults metrics() {
    if (!finished.isDone() || finished.isCompletedExceptionally()) {
      throw new UnsupportedOperationException("metrics of Flink job " + name + " are known once it has succeeded");
    }
    return finished.join().metrics();
  }

  @Override
  public String toString() {
    return "FlinkJob{" + name + ", id=" + jobId() + ", state=" + getState() + "}";
  }
}
