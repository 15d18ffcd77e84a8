package dev.kiln.core.artifact;

import dev.kiln.core.io.RowSchemas;
import dev.kiln.core.io.tfrecord.TfExampleCodec;
import dev.kiln.core.transforms.AllElements;
import java.util.ArrayList;
import java.util.List;
import org.apache.beam.sdk.coders.SerializableCoder;
import org.apache.beam.sdk.io.FileIO;
import org.apache.beam.sdk.io.TFRecordIO;
import org.apache.beam.sdk.io.WriteFilesResult;
import org.apache.beam.sdk.schemas.Schema;
import org.apache.beam.sdk.transforms.Combine;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.Flatten;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.SerializableFunction;
import org.apache.beam.sdk.transforms.Values;
import org.apache.beam.sdk.transforms.View;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.PCollectionView;
import org.apache.beam.sdk.values.Row;
import org.apache.beam.sdk.values.TupleTag;

/** The composite transform behind {@link DatasetWriter#write}: splits and gates in, manifest out. */
final class WriteDataset extends PTransform<PCollectionTuple, PCollection<Manifest>> {
  /** One split: its name ("" = unsplit), the directory of its files and its rows' tag in the input. */
  record SplitSpec(String name, String dirUri, TupleTag<Row> tag) implements java.io.Serializable {}

  private final OutputTarget target;
  private final Schema schema;
  private final String avroSchema;
  private final List<SplitSpec> splits;
  private final List<TupleTag<Object>> gates;

  WriteDataset(OutputTarget target, Schema schema, String avroSchema, List<SplitSpec> splits,
      List<TupleTag<Object>> gates) {
    this.target = target;
    this.schema = schema;
    this.avroSchema = avroSchema;
    this.splits = List.copyOf(splits);
    this.gates = List.copyOf(gates);
  }

  @Override
  public PCollection<Manifest> expand(PCollectionTuple input) {
    boolean filePerBundle = target.numShards() == 0
        && input.getPipeline().getOptions().as(DatasetWriteOptions.class).getFilePerBundle();
    List<SplitOutput> outputs = new ArrayList<>();
    List<PCollection<?>> awaited = new ArrayList<>();
    for (SplitSpec split : splits) {
      String prefix = split.name().isEmpty() ? "rows" : "split=" + split.name();
      PCollection<Row> rows = input.get(split.tag());
      if (target.format() == DatasetFormat.TFRECORD) {
        // Fingerprint what reading the files back gives (float_list holds DOUBLEs as floats).
        TfExampleCodec codec = TfExampleCodec.of(schema);
        rows = RowSchemas.setOn(rows.apply(prefix + "/AsStored", ParDo.of(new EncodeFn.AsStored(codec, target.label()))),
            schema);
      }
      outputs.add(filePerBundle ? writeFilePerBundle(prefix, split, rows, awaited) : writeWithFileIo(prefix, split, rows, awaited));
    }

    // The commit starts once the written files and the gates are complete (AllElements: a GroupByKey, no
    // side input). Started by a bare Create it waited for its side inputs from the job's start, and the
    // DirectRunner runs a waiting ParDo again each time it goes idle (docs/benchmarks.md, the taxi demo).
    // It awaits the small file lists, not the rows: another consumer of the rows would cost every row one
    // more encode and decode on Flink and unchain the writer from the rows' producer (FlinkDatasetWriteTest).
    gates.forEach(gate -> awaited.add(input.get(gate)));
    PCollection<String> start = input.getPipeline().apply("Commit/Start", Create.of(target.uri()))
        .apply("Commit/AwaitInputs", AllElements.<String>of().after(awaited))
        .apply("Commit/Uri", Flatten.iterables());
    List<PCollectionView<?>> sideInputs = new ArrayList<>();
    outputs.forEach(o -> sideInputs.addAll(o.views()));
    List<String> names = splits.stream().map(SplitSpec::name).toList();
    List<String> dirs = splits.stream().map(SplitSpec::dirUri).toList();
    return start
        .apply("Commit/WriteManifest",
            ParDo.of(new CommitFn(target, avroSchema, names, dirs, outputs)).withSideInputs(sideInputs))
        .setCoder(SerializableCoder.of(Manifest.class));
  }

  /**
   * The DirectRunner's and Flink's path ({@link DatasetWriteOptions#getFilePerBundle}): one pass over the rows
   * writes each bundle's file and takes its checksum and fingerprint sums; the commit names the files.
   */
  private SplitOutput writeFilePerBundle(String prefix, SplitSpec split, PCollection<Row> rows,
      List<PCollection<?>> awaited) {
    String extension = target.format().extension();
    SerializableFunction<Void, FileIO.Sink<Row>> sinks = sinkFactory(target.format(), schema, avroSchema);
    RowFingerprint fingerprint = RowFingerprint.forSchema(schema);
    PCollection<BundleFile> files = rows
        .apply(prefix + "/WriteBundles", ParDo.of(
            new WriteBundleFilesFn(split.dirUri(), extension, sinks, fingerprint, counterName(split))))
        .setCoder(SerializableCoder.of(BundleFile.class));
    awaited.add(files);
    PCollectionView<List<BundleFile>> staged = files.apply(prefix + "/StagedFiles", View.asList());
    return new SplitOutput.FromBundles(staged, target.uri(), split.dirUri(), extension, sinks, fingerprint);
  }

  /** A sink for rows of {@code schema} in {@code format}, made on the worker; counting is the caller's. */
  private static SerializableFunction<Void, FileIO.Sink<Row>> sinkFactory(DatasetFormat format, Schema schema,
      String avroSchema) {
    if (format == DatasetFormat.AVRO) {
      return unused -> new RowAvroSink(schema, avroSchema, null);
    }
    return unused -> new TfRecordRowSink(schema);
  }

  private String counterName(SplitSpec split) {
    return "records:" + target.label() + (split.name().isEmpty() ? "" : ":" + split.name());
  }

  /** Beam's FileIO (runner-determined or fixed sharding) and the fingerprint as a separate combine. */
  private SplitOutput writeWithFileIo(String prefix, SplitSpec split, PCollection<Row> rows,
      List<PCollection<?>> awaited) {
    PCollectionView<RowFingerprint.Digest> digest = rows.apply(prefix + "/Fingerprint",
        Combine.globally(RowFingerprint.forSchema(schema)).asSingletonView());
    WriteFilesResult<Void> written = writeFiles(prefix, split, rows);
    PCollection<Manifest.FileEntry> described = written.getPerDestinationOutputFilenames()
        .apply(prefix + "/Filenames", Values.create())
        .apply(prefix + "/Describe", ParDo.of(new DescribeFileFn(target.uri())))
        .setCoder(SerializableCoder.of(Manifest.FileEntry.class));
    awaited.add(described);
    PCollectionView<List<Manifest.FileEntry>> files = described.apply(prefix + "/FileList", View.asList());
    return new SplitOutput.FromFileIo(digest, files);
  }

  private WriteFilesResult<Void> writeFiles(String prefix, SplitSpec split, PCollection<Row> rows) {
    String counter = counterName(split);
    ShardNaming naming = new ShardNaming(target.format().extension());
    if (target.format() == DatasetFormat.AVRO) {
      FileIO.Write<Void, Row> write = FileIO.<Row>write()
          .via(new RowAvroSink(schema, avroSchema, counter))
          .to(split.dirUri())
          .withNaming(naming);
      return rows.apply(prefix + "/Write", target.numShards() > 0 ? write.withNumShards(target.numShards()) : write);
    }
    PCollection<byte[]> examples = rows
        .apply(prefix + "/ToExample", ParDo.of(new EncodeFn.ToExample(TfExampleCodec.of(schema), counter)))
        .setCoder(TFRecordIO.DEFAULT_BYTE_ARRAY_CODER);
    FileIO.Write<Void, byte[]> write = FileIO.<byte[]>write()
        .via(TFRecordIO.sink())
        .to(split.dirUri())
        .withNaming(naming);
    return examples.apply(prefix + "/Write", target.numShards() > 0 ? write.withNumShards(target.numShards()) : write);
  }
}
