package dev.kiln.core.steps;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.kiln.core.io.avro.AvroFiles;
import dev.kiln.core.io.tfrecord.TfRecordFiles;
import dev.kiln.core.spec.SpecException;
import dev.kiln.core.spec.StepSpec;
import dev.kiln.core.step.DatasetRows;
import dev.kiln.core.step.PortValue;
import dev.kiln.core.step.Step;
import dev.kiln.core.step.StepContext;
import dev.kiln.core.step.StepType;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.values.PBegin;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.Row;

/**
 * A source step that reads self-describing files written by other tools into an unsplit dataset:
 * {@code avro} (Avro container files) and {@code tfrecord} (TFRecord files of tf.train.Example, gzip or
 * plain). The schema comes from the files.
 */
public final class FileSourceStep extends Step {
  /** @param path a file or glob, relative to the project folder */
  public record Config(@JsonProperty("path") String path) {
    public Config {
      if (path == null || path.isBlank()) {
        throw new IllegalArgumentException("path is missing: the files or glob to read");
      }
    }
  }

  public static final StepType AVRO = type("avro", AvroFiles::read);
  public static final StepType TFRECORD = type("tfrecord", TfRecordFiles::read);

  private static StepType type(String name, Function<String, PTransform<PBegin, PCollection<Row>>> reader) {
    return new StepType() {
      @Override public String name() { return name; }
      @Override public Class<?> configClass() { return Config.class; }
      @Override public Step create(StepSpec spec, Object config) { return new FileSourceStep(name, (Config) config, reader); }
    };
  }

  private final String type;
  private final Config config;
  private final Function<String, PTransform<PBegin, PCollection<Row>>> reader;

  private FileSourceStep(String type, Config config, Function<String, PTransform<PBegin, PCollection<Row>>> reader) {
    this.type = type;
    this.config = config;
    this.reader = reader;
  }

  @Override
  public String type() {
    return type;
  }

  @Override
  public List<String> inputPorts() {
    return List.of();
  }

  @Override
  public Map<String, List<String>> outputSplits(Map<String, List<String>> inputSplits) {
    return Map.of("examples", List.of(DatasetRows.UNSPLIT));
  }

  @Override
  public List<String> externalInputs() {
    return List.of(config.path());
  }

  @Override
  public Map<String, PortValue> expand(StepContext context, Map<String, PortValue> inputs) {
    PCollection<Row> rows;
    try {
      rows = context.pipeline().apply(context.name("read"), reader.apply(context.resolve(config.path())));
    } catch (RuntimeException e) {
      throw SpecException.at(context.source(), context.stepName(), "with.path", e.getMessage());
    }
    return Map.of("examples", DatasetRows.of(rows));
  }
}
