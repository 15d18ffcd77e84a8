package dev.kiln.bench;

import java.util.List;
import org.apache.beam.sdk.schemas.Schema;
import org.apache.beam.sdk.values.Row;

/**
 * The taxi CSV's columns as a hand-written pipeline declares them: the same names and types (all
 * nullable) that Kiln's csv step infers from examples/data/taxi.csv, so both pipelines write the
 * same records.
 */
public final class TaxiColumns {
  private TaxiColumns() {}

  public static final Schema SCHEMA = Schema.builder()
      .addNullableField("pickup_community_area", Schema.FieldType.INT64)
      .addNullableField("fare", Schema.FieldType.DOUBLE)
      .addNullableField("trip_start_month", Schema.FieldType.INT64)
      .addNullableField("trip_start_hour", Schema.FieldType.INT64)
      .addNullableField("trip_start_day", Schema.FieldType.INT64)
      .addNullableField("trip_start_timestamp", Schema.FieldType.INT64)
      .addNullableField("pickup_latitude", Schema.FieldType.DOUBLE)
      .addNullableField("pickup_longitude", Schema.FieldType.DOUBLE)
      .addNullableField("dropoff_latitude", Schema.FieldType.DOUBLE)
      .addNullableField("dropoff_longitude", Schema.FieldType.DOUBLE)
      .addNullableField("trip_miles", Schema.FieldType.DOUBLE)
      .addNullableField("pickup_census_tract", Schema.FieldType.STRING)
      .addNullableField("dropoff_census_tract", Schema.FieldType.DOUBLE)
      .addNullableField("payment_type", Schema.FieldType.STRING)
      .addNullableField("company", Schema.FieldType.STRING)
      .addNullableField("trip_seconds", Schema.FieldType.DOUBLE)
      .addNullableField("dropoff_community_area", Schema.FieldType.DOUBLE)
      .addNullableField("tips", Schema.FieldType.DOUBLE)
      .build();

  /**
   * A row of {@link #SCHEMA} from one line's fields; an empty field is null.
   *
   * @throws IllegalArgumentException naming the column when a field count or value does not fit
   */
  public static Row parse(List<String> fields) {
    if (fields.size() != SCHEMA.getFieldCount()) {
      throw new IllegalArgumentException("expected " + SCHEMA.getFieldCount() + " fields, found " + fields.size());
    }
    Row.Builder row = Row.withSchema(SCHEMA);
    for (int i = 0; i < fields.size(); i++) {
      String text = fields.get(i).trim();
      Schema.Field f = SCHEMA.getField(i);
      if (text.isEmpty()) {
        row.addValue(null);
        continue;
      }
      try {
        switch (f.getType().getTypeName()) {
          case INT64 -> row.addValue(Long.parseLong(text));
          case DOUBLE -> row.addValue(Double.parseDouble(text));
          default -> row.addValue(text);
        }
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("column " + f.getName() + ": '" + text + "' is not a " + f.getType().getTypeName());
      }
    }
    return row.build();
  }
}
