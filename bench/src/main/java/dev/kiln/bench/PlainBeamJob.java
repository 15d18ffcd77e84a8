package dev.kiln.bench;

import dev.kiln.examples.taxi.DeriveBigTipper;
import java.util.Locale;
import org.apache.avro.generic.GenericRecord;
import org.apache.beam.runners.direct.DirectOptions;
import org.apache.beam.runners.direct.DirectRunner;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.extensions.avro.coders.AvroCoder;
import org.apache.beam.sdk.extensions.avro.io.AvroIO;
import org.apache.beam.sdk.extensions.avro.schemas.utils.AvroUtils;
import org.apache.beam.sdk.io.TextIO;
import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.metrics.MetricNameFilter;
import org.apache.beam.sdk.metrics.MetricResult;
import org.apache.beam.sdk.metrics.Metrics;
import org.apache.beam.sdk.metrics.MetricsFilter;
import org.apache.beam.sdk.options.PipelineOptions;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.apache.beam.sdk.schemas.Schema;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.Row;
import org.apache.beam.sdk.values.TypeDescriptor;

/**
 * The baseline of the framework-overhead benchmark: the taxi CSV → DeriveBigTipper → Avro files, as
 * a Beam user writes it by hand (TextIO lines, a parse ParDo, the user's transform, AvroIO), on the
 * DirectRunner configured as Kiln configures it for users (checks off, one worker per core).
 *
 * <pre>java -cp ... dev.kiln.bench.PlainBeamJob taxi.csv out/dir</pre>
 */
public final class PlainBeamJob {
  static final String NAMESPACE = "plain";

  private PlainBeamJob() {}

  public static void main(String[] args) {
    if (args.length != 2) {
      System.err.println("usage: PlainBeamJob CSV OUTPUT_DIR");
      System.exit(2);
    }
    DirectOptions options = PipelineOptionsFactory.as(DirectOptions.class);
    options.setRunner(DirectRunner.class);
    options.setEnforceImmutability(false);
    options.setEnforceEncodability(false);
    options.setTargetParallelism(Math.max(2, Runtime.getRuntime().availableProcessors()));
    long start = System.nanoTime();
    PipelineResult result = build(options, args[0], args[1]).run();
    result.waitUntilFinish();
    System.out.printf(Locale.ROOT, "plain Beam: %d rows written, %d rejected, in %.1f s%n",
        counter(result, "rows"), counter(result, "rejected"), (System.nanoTime() - start) / 1e9);
  }

  /** Reads {@code csv} (header first), labels the rows, writes Avro files under {@code outputDir}. */
  public static Pipeline build(PipelineOptions options, String csv, String outputDir) {
    Pipeline p = Pipeline.create(options);
    Schema labelled = Schema.builder().addFields(TaxiColumns.SCHEMA.getFields())
        .addNullableField(DeriveBigTipper.LABEL, Schema.FieldType.BOOLEAN).build();
    org.apache.avro.Schema avro = AvroUtils.toAvroSchema(labelled, "trip", "dev.kiln.bench");
    PCollection<Row> rows = p.apply("ReadLines", TextIO.read().from(csv))
        .apply("Parse", ParDo.of(new ParseFn()))
        .setRowSchema(TaxiColumns.SCHEMA);
    rows.apply("DeriveBigTipper", new DeriveBigTipper())
        .apply("ToAvro", MapElements.into(TypeDescriptor.of(GenericRecord.class))
            .via(AvroUtils.getRowToGenericRecordFunction(avro)))
        .setCoder(AvroCoder.of(avro))
        .apply("Write", AvroIO.writeGenericRecords(avro).to(outputDir.endsWith("/") ? outputDir + "part" : outputDir + "/part")
            .withSuffix(".avro"));
    return p;
  }

  static long counter(PipelineResult result, String name) {
    long sum = 0;
    for (MetricResult<Long> c : result.metrics().queryMetrics(
        MetricsFilter.builder().addNameFilter(MetricNameFilter.named(NAMESPACE, name)).build()).getCounters()) {
      sum += c.getAttempted();
    }
    return sum;
  }

  /** One line → one row; the header line is skipped, a line that does not parse is counted as rejected. */
  static final class ParseFn extends DoFn<String, Row> {
    private static final long serialVersionUID = 1L;
    private final Counter rows = Metrics.counter(NAMESPACE, "rows");
    private final Counter rejected = Metrics.counter(NAMESPACE, "rejected");

    @ProcessElement
    public void process(@Element String line, OutputReceiver<Row> out) {
      if (line.isBlank() || line.startsWith(TaxiColumns.SCHEMA.getField(0).getName() + ",")) {
        return;
      }
      try {
        out.output(TaxiColumns.parse(CsvLine.split(line, ',')));
        rows.inc();
      } catch (IllegalArgumentException e) {
        rejected.inc();
      }
    }
  }
}
