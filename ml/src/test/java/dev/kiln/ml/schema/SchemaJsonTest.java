package dev.kiln.ml.schema;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.kiln.ml.schema.FeatureSchema.ValueRange;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Schema JSON: canonical form, and one-line errors naming the file, the path and the feature. */
class SchemaJsonTest {
  private static String error(String json) {
    return assertThrows(InvalidSchemaException.class, () -> SchemaJson.fromJson(json, "schema.json")).getMessage();
  }

  @Test
  void writesCanonicalJsonAndReadsItBack() {
    DataSchema schema = DataSchema.of(List.of(
        new FeatureSchema("payment_type", "STRING", true, List.of("Credit Card", "Cash"), null),
        new FeatureSchema("fare", "DOUBLE", null, null, new ValueRange(0.0, null))));
    String json = SchemaJson.toJson(schema);
    assertEquals("{\"features\":[{\"domain\":[\"Cash\",\"Credit Card\"],\"name\":\"payment_type\",\"required\":true,"
        + "\"type\":\"STRING\"},{\"name\":\"fare\",\"range\":{\"min\":0.0},\"required\":false,\"type\":\"DOUBLE\"}],"
        + "\"format\":1}", json);
    assertEquals(schema, SchemaJson.fromJson(json, "x"));
  }

  @Test
  void aHandWrittenFileMayLeaveOutRequiredAndUseAnyKeyOrder() {
    DataSchema s = SchemaJson.fromJson("""
        { "format": 1,
          "features": [ { "type": "INT64", "name": "trip_start_hour", "range": { "max": 23, "min": 0 } } ] }
        """, "schema.json");
    FeatureSchema f = s.feature("trip_start_hour").orElseThrow();
    assertEquals(false, f.required());
    assertEquals(new ValueRange(0.0, 23.0), f.range());
  }

  @Test
  void mistakesAreOneLineErrorsNamingFileFieldAndFeature() {
    assertEquals("schema.json: features[0]: feature 'fare': type 'FLOAT64' is not a known type; use one of "
        + FeatureTypes.scalarNames() + " or ARRAY<...>",
        error("{\"format\":1,\"features\":[{\"name\":\"fare\",\"type\":\"FLOAT64\"}]}"));
    assertEquals("schema.json: features[1].requried: unknown key; keys here are [domain, name, range, required, type]",
        error("{\"format\":1,\"features\":[{\"name\":\"a\",\"type\":\"STRING\"},{\"name\":\"b\",\"type\":\"STRING\",\"requried\":true}]}"));
    assertEquals("schema.json: features[0]: feature 'fare': domain is for STRING features, this one is DOUBLE",
        error("{\"format\":1,\"features\":[{\"name\":\"fare\",\"type\":\"DOUBLE\",\"domain\":[\"x\"]}]}"));
    assertEquals("schema.json: features[0].range: range min 5.0 is above max 1.0",
        error("{\"format\":1,\"features\":[{\"name\":\"fare\",\"type\":\"DOUBLE\",\"range\":{\"min\":5,\"max\":1}}]}"));
    assertEquals("schema.json: features[0].required: expected true or false",
        error("{\"format\":1,\"features\":[{\"name\":\"fare\",\"type\":\"DOUBLE\",\"required\":\"yes\"}]}"));
    assertEquals("schema.json: feature 'a' is listed twice",
        error("{\"format\":1,\"features\":[{\"name\":\"a\",\"type\":\"STRING\"},{\"name\":\"a\",\"type\":\"INT64\"}]}"));
    assertEquals("schema.json: format 2 is not one this Kiln reads (1)", error("{\"format\":2,\"features\":[]}"));
    assertEquals("schema.json: features[0]: name is missing", error("{\"format\":1,\"features\":[{\"type\":\"STRING\"}]}"));
    String syntax = error("{\"format\":1,\n \"features\": [ {\"name\": \"a\" \"type\": \"STRING\"} ]}");
    assertEquals(true, syntax.startsWith("schema.json: malformed JSON at line 2, column "), syntax);
    assertEquals(1, syntax.lines().count());
  }
}
