package dev.kiln.core.io.tfrecord;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.apache.beam.sdk.schemas.Schema;
import org.apache.beam.sdk.schemas.Schema.FieldType;
import org.apache.beam.sdk.values.Row;
import org.junit.jupiter.api.Test;

class Float32LossTest {
  @Test
  void onlyValuesFloatCannotHoldWithinARelativeMillionthLosePrecision() {
    assertFalse(Float32Loss.loses(0.1), "rounded by about 1.5e-9 of itself: within the tolerance");
    assertFalse(Float32Loss.loses(123456789.123), "float keeps 7 digits: 4e-8 relative");
    assertFalse(Float32Loss.loses(0.0));
    assertFalse(Float32Loss.loses(Double.NaN));
    assertTrue(Float32Loss.loses(1e39), "beyond float's range: infinity");
    assertTrue(Float32Loss.loses(-3.5e300));
    assertTrue(Float32Loss.loses(1e-40), "a subnormal float keeps few digits");
    assertTrue(Float32Loss.loses(1e-50), "becomes zero");
  }

  @Test
  void namesEachLossyColumnOncePerRow() {
    Schema schema = Schema.builder().addInt64Field("id").addNullableField("x", FieldType.DOUBLE)
        .addArrayField("xs", FieldType.DOUBLE).build();
    Float32Loss loss = Float32Loss.of(schema);
    assertTrue(loss.hasDoubles());
    List<String> seen = new ArrayList<>();
    loss.check(Row.withSchema(schema).addValues(1L, 1e39, List.of(1e39, 2e39, 0.5)).build(), seen::add);
    loss.check(Row.withSchema(schema).addValues(2L, null, List.of(0.5)).build(), seen::add);
    assertEquals(List.of("x", "xs"), seen);
    assertFalse(Float32Loss.of(Schema.builder().addInt64Field("id").build()).hasDoubles());
  }
}
