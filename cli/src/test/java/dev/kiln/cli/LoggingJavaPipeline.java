package dev.kiln.cli;

import dev.kiln.core.api.Csv;
import dev.kiln.core.api.KilnPipeline;
import dev.kiln.core.api.SourceOutputs;
import dev.kiln.core.api.Split;

/** A Java pipeline's main that logs through slf4j before calling Kiln.run, so slf4j starts at its default level (info). */
public final class LoggingJavaPipeline {
  private LoggingJavaPipeline() {}

  public static void main(String[] args) {
    org.slf4j.LoggerFactory.getLogger(LoggingJavaPipeline.class).info("the program's own line");
    KilnPipeline p = KilnPipeline.named("logs");
    SourceOutputs data = p.add("data", Csv.read("data.csv"));
    p.add("split", Split.of(data.examples()).withKey("id").withRatio("train", 0.5).withRatio("eval", 0.5));
    System.exit(Kiln.run(p, args));
  }
}
