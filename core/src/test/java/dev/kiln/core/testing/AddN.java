package dev.kiln.core.testing;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.kiln.core.api.HasConfig;
import org.apache.beam.sdk.schemas.Schema;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.Row;
import org.apache.beam.sdk.values.TypeDescriptors;

/** A user transform with settings: adds the column {@code column} = id + n. */
public class AddN extends PTransform<PCollection<Row>, PCollection<Row>> implements HasConfig<AddN.Settings> {
  /** @param n what is added; @param column the new column's name (default {@code plus_n}) */
  public record Settings(@JsonProperty("n") long n, @JsonProperty("column") String column) implements java.io.Serializable {
    public Settings {
      column = column == null ? "plus_n" : column;
      if (n < 0) {
        throw new IllegalArgumentException("n must not be negative, got " + n);
      }
    }
  }

  private final Settings settings;
  /** Not a setting: set after construction, so an instance with it differs from new AddN(config()). */
  private long hidden;

  public AddN(Settings settings) {
    this.settings = settings;
  }

  public AddN withHidden(long value) {
    AddN copy = new AddN(settings);
    copy.hidden = value;
    return copy;
  }

  @Override
  public Settings config() {
    return settings;
  }

  @Override
  public PCollection<Row> expand(PCollection<Row> rows) {
    Schema out = Schema.builder().addFields(rows.getSchema().getFields()).addInt64Field(settings.column()).build();
    long n = settings.n() + hidden;
    return rows.apply("add", MapElements.into(TypeDescriptors.rows())
        .via((Row r) -> Row.withSchema(out).addValues(r.getValues()).addValue(r.getInt64("id") + n).build()))
        .setRowSchema(out);
  }
}
