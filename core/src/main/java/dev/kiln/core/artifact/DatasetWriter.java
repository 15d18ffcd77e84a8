package dev.kiln.core.artifact;

import dev.kiln.core.io.avro.AvroSchemas;
import dev.kiln.core.step.DatasetRows;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.avro.SchemaParseException;
import org.apache.beam.sdk.io.fs.ResolveOptions.StandardResolveOptions;
import org.apache.beam.sdk.io.fs.ResourceId;
import org.apache.beam.sdk.io.FileSystems;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.Row;
import org.apache.beam.sdk.values.TupleTag;

/**
 * Adds to a pipeline the transforms that write a {@link DatasetRows} as a Dataset artifact and
 * commit its manifest.
 *
 * <p>Per split, in one pass over the rows: the files ({@code part-SSSSS-of-NNNNN.avro} or
 * {@code .tfrecord}, under {@code split=<name>/} or directly in the artifact directory for an
 * unsplit dataset), the record count and {@link RowFingerprint}, and the Beam counter
 * {@code kiln:records:<step>.<port>[:<split>]}. Then one commit on a worker writes
 * {@code _MANIFEST.json}, only after every split's files are finalized and every
 * {@link DatasetRows#commitAfter() commitAfter} gate is complete. If anything fails first, there
 * is no manifest and the directory stays invisible.
 *
 * <p>Errors in the schema (a field name Avro does not accept, a type TFRecord cannot hold) are
 * reported here, when the pipeline is built, not when it runs.
 */
public final class DatasetWriter {
  private DatasetWriter() {}

  /**
   * Writes {@code rows} to {@code target}.
   *
   * @return the committed manifest (one element), for stages that wait on the commit
   * @throws IllegalArgumentException if the schema cannot be written in the target's format
   * @throws IllegalStateException if the target folder already holds files (it is written only once)
   */
  public static PCollection<Manifest> write(DatasetRows rows, OutputTarget target) {
    FileSystemSetup.ensureFor(target.uri());
    String avroSchema = avroSchemaOf(rows.schema(), target);
    ArtifactStore.requireUnwritten(target.uri());
    ResourceId artifactDir = FileSystems.matchNewResource(target.uri(), true);

    PCollectionTuple input = null;
    List<WriteDataset.SplitSpec> splits = new ArrayList<>();
    for (Map.Entry<String, PCollection<Row>> split : rows.splits().entrySet()) {
      String name = split.getKey();
      String dirUri = name.isEmpty()
          ? artifactDir.toString()
          : artifactDir.resolve("split=" + ArtifactStore.checkName("split", name),
              StandardResolveOptions.RESOLVE_DIRECTORY).toString();
      TupleTag<Row> tag = new TupleTag<>("split:" + name);
      splits.add(new WriteDataset.SplitSpec(name, dirUri, tag));
      input = input == null ? PCollectionTuple.of(tag, split.getValue()) : input.and(tag, split.getValue());
    }
    List<TupleTag<Object>> gates = new ArrayList<>();
    for (PCollection<?> gate : rows.commitAfter()) {
      TupleTag<Object> tag = new TupleTag<>("gate:" + gates.size());
      gates.add(tag);
      @SuppressWarnings("unchecked")
      PCollection<Object> g = (PCollection<Object>) gate;
      input = input.and(tag, g);
    }
    return input.apply("Write " + target.label(),
        new WriteDataset(target, rows.schema(), avroSchema, splits, gates));
  }

  /**
   * The Avro schema of the rows, with a valid record name derived from the step and port; columns
   * whose names Avro does not take are stored under valid names that record the original
   * ({@link AvroSchemas}).
   */
  static String avroSchemaOf(org.apache.beam.sdk.schemas.Schema schema, OutputTarget target) {
    // A column name or type the format cannot take is the user's to change (exit 2), found before the job.
    try {
      if (target.format() == DatasetFormat.TFRECORD) {
        dev.kiln.core.io.tfrecord.TfExampleCodec.of(schema); // fails now, naming the field
      }
    } catch (IllegalArgumentException e) {
      throw new dev.kiln.core.spec.StepInputException("dataset " + target.label() + ": " + e.getMessage(), e);
    }
    try {
      return AvroSchemas.toAvro(schema, recordName(target), "dev.kiln.dataset").toString();
    } catch (SchemaParseException | IllegalArgumentException e) {
      throw new dev.kiln.core.spec.StepInputException(
          "dataset " + target.label() + ": the schema cannot be written as Avro: " + e.getMessage(), e);
    }
  }

  /** Avro names are [A-Za-z_][A-Za-z0-9_]*; step and port names may contain '-' and '.'. */
  static String recordName(OutputTarget target) {
    String raw = target.step() + "_" + target.port();
    StringBuilder sb = new StringBuilder(raw.length() + 1);
    for (char c : raw.toCharArray()) {
      sb.append(Character.isLetterOrDigit(c) && c < 128 ? c : '_');
    }
    if (!Character.isLetter(sb.charAt(0)) && sb.charAt(0) != '_') {
      sb.insert(0, '_');
    }
    return sb.toString();
  }

  /** Doubles of one TFRecord column that lost more than a relative 1e-6 when stored as float32. */
  public record Float32Loss(String step, String port, String column, long values) {
    public String message() {
      return String.format(java.util.Locale.US, "%s: %,d value%s of column '%s' changed by more than %s (relative) when"
          + " stored as float32 in TFRecord (out of float range); use format: avro to keep doubles",
          port, values, values == 1 ? "" : "s", column, dev.kiln.core.io.tfrecord.Float32Loss.RELATIVE_TOLERANCE);
    }
  }

  /** The float32 precision losses counted while writing TFRecord datasets in the finished job {@code result}. */
  public static List<Float32Loss> float32Losses(org.apache.beam.sdk.PipelineResult result) {
    List<Float32Loss> losses = new ArrayList<>();
    try {
      var counters = result.metrics().queryMetrics(org.apache.beam.sdk.metrics.MetricsFilter.builder()
          .addNameFilter(org.apache.beam.sdk.metrics.MetricNameFilter.inNamespace(EncodeFn.AsStored.FLOAT32_NAMESPACE))
          .build()).getCounters();
      java.util.Map<String, Long> byName = new java.util.TreeMap<>();
      for (var c : counters) {
        Long n = c.getAttempted();
        try {
          n = c.getCommitted();
        } catch (UnsupportedOperationException e) {
          // a runner without committed metrics: the attempted count is what there is
        }
        if (n != null && n > 0) {
          byName.merge(c.getName().getName(), n, Long::sum);
        }
      }
      byName.forEach((name, n) -> {
        int slash = name.lastIndexOf('/');
        String label = name.substring(0, slash);
        int dot = label.lastIndexOf('.');
        losses.add(new Float32Loss(label.substring(0, dot), label.substring(dot + 1), name.substring(slash + 1), n));
      });
    } catch (UnsupportedOperationException e) {
      // a runner that reports no metrics: no warning rather than a failed run
    }
    return losses;
  }
}
