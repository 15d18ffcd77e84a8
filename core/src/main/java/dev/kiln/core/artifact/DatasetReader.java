package dev.kiln.core.artifact;

import dev.kiln.core.io.RowSchemas;
import dev.kiln.core.io.SourcePartOptions;
import dev.kiln.core.io.SourceParts;
import dev.kiln.core.io.avro.AvroFileRows;
import dev.kiln.core.io.avro.AvroRowConverter;
import dev.kiln.core.io.tfrecord.TfRecordFiles;
import dev.kiln.core.io.tfrecord.TfExampleCodec;
import dev.kiln.core.step.DatasetRows;
import java.io.IOException;
import java.nio.channels.ReadableByteChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import org.apache.avro.generic.GenericRecord;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.extensions.avro.io.AvroIO;
import org.apache.beam.sdk.io.FileIO;
import org.apache.beam.sdk.io.FileSystems;
import org.apache.beam.sdk.io.TFRecordIO;
import org.apache.beam.sdk.io.fs.EmptyMatchTreatment;
import org.apache.beam.sdk.io.fs.ResourceId;
import org.apache.beam.sdk.schemas.Schema;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.values.PBegin;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.Row;

/**
 * Reads a committed Dataset artifact into a pipeline: exactly the files its manifest lists (never a
 * glob of the folder, which may hold files of a failed attempt), with the schema it records.
 */
public final class DatasetReader {
  private DatasetReader() {}

  /**
   * Adds the reads of {@code splits} of the dataset described by {@code manifest} to {@code p}.
   *
   * @param name prefix of the transform names; unique per read in the pipeline
   * @param manifest a manifest from {@link ArtifactStore#readManifest} (so it has a location)
   * @param splits the splits to read; empty = all
   * @throws IllegalArgumentException if a split does not exist, or the manifest has no location
   */
  public static DatasetRows read(Pipeline p, String name, Manifest manifest, Set<String> splits) {
    if (manifest.location() == null) {
      throw new IllegalArgumentException("dataset " + name + ": the manifest has no location; read it with ArtifactStore.readManifest");
    }
    Schema schema = manifest.beamSchema();
    List<String> wanted = splits.isEmpty() ? manifest.splitNames() : List.copyOf(splits);
    SortedMap<String, ReadFiles> reads = new TreeMap<>();
    SortedMap<String, List<String>> files = new TreeMap<>();
    for (String split : wanted) {
      Manifest.SplitEntry entry = manifest.split(split).orElseThrow(() -> new IllegalArgumentException(
          "dataset " + name + " at " + manifest.location() + " has no split '" + split + "'; it has "
              + manifest.splitNames()));
      ReadFiles read = new ReadFiles(manifest, entry, schema);
      reads.put(split, read);
      files.put(split, read.files);
    }
    DatasetRows.StoredFiles stored = new DatasetRows.StoredFiles(manifest.format().id(), files);
    // The reads join the pipeline only when a step asks for the rows (see DatasetRows.stored).
    return DatasetRows.stored(schema, stored, () -> {
      SortedMap<String, PCollection<Row>> out = new TreeMap<>();
      reads.forEach((split, read) ->
          out.put(split, p.apply("Read " + (split.isEmpty() ? name : name + "[" + split + "]"), read)));
      return out;
    });
  }

  /** The listed files of one split to rows. */
  private static final class ReadFiles extends PTransform<PBegin, PCollection<Row>> {
    private final DatasetFormat format;
    private final String avroSchema;
    private final List<String> files = new ArrayList<>();
    private final Schema schema;

    ReadFiles(Manifest manifest, Manifest.SplitEntry split, Schema schema) {
      this.format = manifest.format();
      this.avroSchema = manifest.avroSchema();
      this.schema = schema;
      FileSystemSetup.ensureFor(manifest.location());
      ResourceId dir = FileSystems.matchNewResource(manifest.location(), true);
      for (Manifest.FileEntry f : split.files()) {
        files.add(ArtifactFiles.resolve(dir, f.path()).toString());
      }
    }

    @Override
    public PCollection<Row> expand(PBegin input) {
      if (files.isEmpty()) {
        return input.apply("NoFiles", Create.empty(RowSchemas.coder(schema)));
      }
      if (input.getPipeline().getOptions().as(SourcePartOptions.class).getPartsInWaves()) {
        // FileIO's match and Avro's read reshuffle, which would release every file at once: one file per
        // part instead, read whole by one worker (SourceParts).
        return RowSchemas.setOn(input.apply("Files", SourceParts.of(files, StringUtf8Coder.of()))
            .apply("ReadFiles", ParDo.of(new ReadWholeFileFn(format, schema))), schema);
      }
      PCollection<FileIO.ReadableFile> matched = input
          .apply("Files", Create.of(files).withCoder(StringUtf8Coder.of()))
          .apply("Match", FileIO.matchAll().withEmptyMatchTreatment(EmptyMatchTreatment.DISALLOW))
          .apply("Open", FileIO.readMatches());
      PCollection<Row> rows = format == DatasetFormat.AVRO
          ? matched.apply("ReadAvro", AvroIO.readFilesGenericRecords(avroSchema))
              .apply("ToRow", ParDo.of(new AvroToRowFn(schema)))
          : matched.apply("ReadTFRecord", TFRecordIO.readFiles())
              .apply("ToRow", ParDo.of(new ExampleToRowFn(TfExampleCodec.of(schema))));
      return RowSchemas.setOn(rows, schema);
    }
  }

  /** Reads a whole dataset file, named by its path, to Rows. */
  private static final class ReadWholeFileFn extends DoFn<String, Row> {
    private final DatasetFormat format;
    private final AvroFileRows avro;
    private final TfExampleCodec tfrecord;

    ReadWholeFileFn(DatasetFormat format, Schema schema) {
      this.format = format;
      this.avro = format == DatasetFormat.AVRO ? AvroFileRows.of(schema) : null;
      this.tfrecord = format == DatasetFormat.AVRO ? null : TfExampleCodec.of(schema);
    }

    @ProcessElement
    public void process(@Element String path, OutputReceiver<Row> out) throws IOException {
      ReadableByteChannel channel = FileSystems.open(FileSystems.matchNewResource(path, false));
      if (format == DatasetFormat.AVRO) {
        avro.forEach(path, channel, out::output);
      } else {
        TfRecordFiles.forEachRow(path, channel, tfrecord, out::output);
      }
    }
  }

  /** Records to Rows with a converter compiled once per Avro schema (not Beam's per-record look-ups). */
  private static final class AvroToRowFn extends DoFn<GenericRecord, Row> {
    private final AvroRowConverter converter;

    AvroToRowFn(Schema schema) {
      this.converter = AvroRowConverter.to(schema);
    }

    @ProcessElement
    public void process(@Element GenericRecord record, OutputReceiver<Row> out) {
      out.output(converter.convert(record));
    }
  }

  private static final class ExampleToRowFn extends DoFn<byte[], Row> {
    private final TfExampleCodec codec;

    ExampleToRowFn(TfExampleCodec codec) {
      this.codec = codec;
    }

    @ProcessElement
    public void process(@Element byte[] example, OutputReceiver<Row> out) {
      out.output(codec.decode(example));
    }
  }
}
