package dev.kiln.runners.flink;

import java.util.function.Consumer;
import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.core.execution.JobListener;

/**
 * Hands the {@link JobClient} of a submitted Flink job to whoever submitted it. Beam's FlinkRunner
 * creates Flink's execution environment itself and keeps the job id to itself, so Flink instantiates
 * this listener from the {@code execution.job-listeners} setting of the configuration
 * {@link FlinkBackend} writes; Flink calls it on the thread that submits, where {@link FlinkJob} has
 * registered its callback.
 */
public final class JobSubmissionListener implements JobListener {
  private static final ThreadLocal<Consumer<JobClient>> CALLBACK = new ThreadLocal<>();

  /** Flink instantiates listeners by their no-argument constructor. */
  public JobSubmissionListener() {}

  /** Sends the job client of jobs submitted from the current thread to {@code callback}. */
  static void onThisThread(Consumer<JobClient> callback) {
    CALLBACK.set(callback);
  }

  static void clearThisThread() {
    CALLBACK.remove();
  }

  @Override
  public void onJobSubmitted(JobClient jobClient, Throwable throwable) {
    Consumer<JobClient> callback = CALLBACK.get();
    if (callback != null && jobClient != null) {
      callback.accept(jobClient);
    }
  }

  @Override
  public void onJobExecuted(JobExecutionResult result, Throwable throwable) {
    // the job's end reaches FlinkJob through the runner's own result
  }
}
