package dev.kiln.bench;

import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.OptionalLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The timestamped log lines of a kiln child process. The flights benchmark starts every kiln command
 * with {@link #JVM_OPTIONS}: slf4j-simple then stamps each line with the wall-clock time (to the
 * millisecond, with the zone offset) and logs the few Beam and Flink client lines that mark the
 * phases of a Flink submission; the rest of the logging stays as kiln sets it.
 */
public final class ClientLog {
  /** The date format slf4j-simple is given; {@link #FORMAT} parses it. */
  static final String PATTERN = "yyyy-MM-dd'T'HH:mm:ss.SSSZ";
  private static final DateTimeFormatter FORMAT = DateTimeFormatter.ofPattern(PATTERN);
  private static final Pattern STAMP = Pattern.compile("^(\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}[+-]\\d{4}) ");
  private static final Pattern SUBMITTING = Pattern.compile("Submitting job '[^']*' \\(([0-9a-f]{32})\\)");

  /** Beam's FlinkRunner: the job graph is about to be built and submitted (translation is done). */
  public static final String EXECUTION_STARTS = "Starting execution of Flink program.";
  /** Flink's REST client: the job graph is built; the upload of the job and its jars begins. */
  public static final String SUBMITTING_JOB = "Submitting job '";
  /** Beam's FlinkRunner: the client has learnt that the job ended. */
  public static final String EXECUTION_FINISHED = "Execution finished in ";

  /** slf4j-simple settings for every timed kiln command of the flights benchmark (the same on every side). */
  public static final List<String> JVM_OPTIONS = List.of(
      "-Dorg.slf4j.simpleLogger.dateTimeFormat=" + PATTERN,
      "-Dorg.slf4j.simpleLogger.log.org.apache.beam.runners.flink.FlinkRunner=info",
      "-Dorg.slf4j.simpleLogger.log.org.apache.beam.runners.flink.FlinkPipelineExecutionEnvironment=info",
      "-Dorg.slf4j.simpleLogger.log.org.apache.flink.client.program.rest.RestClusterClient=info");

  private final List<String> lines;

  public ClientLog(String text) {
    this.lines = text.lines().toList();
  }

  /** The time (epoch milliseconds) of the first timestamped line containing {@code text}. */
  public OptionalLong first(String text) {
    for (String line : lines) {
      if (line.contains(text)) {
        Matcher m = STAMP.matcher(line);
        if (m.find()) {
          try {
            return OptionalLong.of(OffsetDateTime.parse(m.group(1), FORMAT).toInstant().toEpochMilli());
          } catch (DateTimeParseException e) {
            // a line that only looks stamped; keep looking
          }
        }
      }
    }
    return OptionalLong.empty();
  }

  /** The Flink job ids the client submitted, in order (one per stage run on a cluster). */
  public List<String> submittedJobIds() {
    return lines.stream().map(SUBMITTING::matcher).filter(Matcher::find).map(m -> m.group(1)).toList();
  }
}
