package dev.kiln.core.artifact;

import dev.kiln.core.step.DatasetRows;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.avro.SchemaParseException;
import org.apache.beam.sdk.extensions.avro.schemas.utils.AvroUtils;
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
   */
  public static PCollection<Manifest> write(DatasetRows rows, OutputTarget target) {
    FileSystemSetup.ensureFor(target.uri());
    String avroSchema = avroSchemaOf(rows.schema(), target);
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

  /** The Avro schema of the rows, with a valid record name derived from the step and port. */
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
      return AvroUtils.toAvroSchema(schema, recordName(target), "dev.kiln.dataset").toString();
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
}
