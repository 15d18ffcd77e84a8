package dev.kiln.examples.taxi;

import org.apache.beam.sdk.schemas.Schema;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.Row;

/**
 * The label of the TFX taxi example: {@code big_tipper} is true when the tip is more than 20% of the
 * fare. It is null when the fare or the tip is missing, so that a missing value is never read as
 * "no big tip". A plain Beam transform: Kiln runs it as a step with one line of YAML or Java.
 */
public class DeriveBigTipper extends PTransform<PCollection<Row>, PCollection<Row>> {
  public static final String LABEL = "big_tipper";

  @Override
  public PCollection<Row> expand(PCollection<Row> rows) {
    Schema in = rows.getSchema();
    Schema out = Schema.builder().addFields(in.getFields()).addNullableField(LABEL, Schema.FieldType.BOOLEAN).build();
    return rows.apply("derive " + LABEL, ParDo.of(new Label(out))).setRowSchema(out);
  }

  private static final class Label extends DoFn<Row, Row> {
    private final Schema out;

    Label(Schema out) {
      this.out = out;
    }

    @ProcessElement
    public void process(@Element Row row, OutputReceiver<Row> receiver) {
      Double fare = number(row, "fare");
      Double tips = number(row, "tips");
      Boolean big = fare == null || tips == null ? null : tips > 0.2 * fare;
      receiver.output(Row.withSchema(out).addValues(row.getValues()).addValue(big).build());
    }

    private static Double number(Row row, String field) {
      Object v = row.getValue(field);
      return v == null ? null : ((Number) v).doubleValue();
    }
  }
}
