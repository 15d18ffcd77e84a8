package dev.kiln.ml.stats;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import org.apache.beam.sdk.schemas.Schema;
import org.apache.beam.sdk.values.Row;
import org.junit.jupiter.api.Test;

/** The plain-text statistics report on a small hand-made dataset. */
class StatisticsReportTest {
  @Test
  void oneTablePerSplitWithNumbersStringsAndBooleans() {
    Schema schema = Schema.builder()
        .addNullableField("fare", Schema.FieldType.DOUBLE)
        .addNullableField("payment_type", Schema.FieldType.STRING)
        .addNullableField("big_tipper", Schema.FieldType.BOOLEAN)
        .addNullableField("when", Schema.FieldType.DATETIME)
        .build();
    List<Row> rows = List.of(
        Row.withSchema(schema).addValues(2.0, "Cash", true, null).build(),
        Row.withSchema(schema).addValues(4.0, "Cash", false, null).build(),
        Row.withSchema(schema).addValues(null, "Credit Card", false, null).build());
    String json = StatisticsJson.toJson(StatisticsDocument.of(Map.of("", Summaries.of(schema, rows))));
    assertEquals("""
        split (unsplit): 3 rows
        feature       type      count  missing  mean  std  min  max  distinct  top values
        ------------  --------  -----  -------  ----  ---  ---  ---  --------  ---------------------
        fare          DOUBLE        2        1     3    1    2    4
        payment_type  STRING        3        0                              2  Cash 2, Credit Card 1
        big_tipper    BOOLEAN       3        0                              2  false 2, true 1
        when          DATETIME      0        3
        """, StatisticsReport.render(json));
  }

  @Test
  void numbersAreShortAndExact() {
    assertEquals("1382319000", TextTable.number(1.382319e9));
    assertEquals("12.5821", TextTable.number(12.582134));
    assertEquals("-87.6638", TextTable.number(-87.66381));
    assertEquals("1.23457e-07", TextTable.number(1.234567e-7));
    assertEquals("", TextTable.number(null));
  }
}
