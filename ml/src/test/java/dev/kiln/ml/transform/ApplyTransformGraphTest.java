package dev.kiln.ml.transform;

import dev.kiln.core.io.RowSchemas;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.apache.beam.runners.direct.DirectRunner;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.options.PipelineOptions;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.apache.beam.sdk.schemas.Schema;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.View;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionView;
import org.apache.beam.sdk.values.Row;
import org.junit.jupiter.api.Test;

/**
 * ApplyTransformGraph with a planned schema made in another JVM, as on a Flink cluster: Beam caches a
 * schema's hash code (built from enum identity hashes, so different in every JVM) and compares it in
 * {@link Schema#equals}, so the planned schema and the graph's own are not {@code equals} there.
 */
class ApplyTransformGraphTest {
  /** The same columns as {@code schema}, with the cached hash code a schema deserialized from another JVM has. */
  static Schema fromAnotherJvm(Schema schema) throws ReflectiveOperationException {
    Schema copy = Schema.builder().addFields(schema.getFields()).build();
    java.lang.reflect.Field hash = Schema.class.getDeclaredField("hashCode");
    hash.setAccessible(true);
    hash.setInt(copy, schema.hashCode() + 1);
    return copy;
  }

  @Test
  void identicalColumnsMatchEvenWhenBeamsCachedHashCodesDiffer() throws Exception {
    Schema local = TransformGraphTest.graph().outputSchema();
    Schema remote = fromAnotherJvm(local);

    assertNotEquals(local, remote, "Beam's Schema.equals compares the cached hash codes first");
    assertTrue(RowSchemas.sameColumns(local, remote));
  }

  @Test
  void anotherOrderTypeOrNameIsNotTheSameColumns() {
    Schema a = Schema.builder().addDoubleField("x").addNullableField("y", Schema.FieldType.STRING).build();
    assertFalse(RowSchemas.sameColumns(a,
        Schema.builder().addNullableField("y", Schema.FieldType.STRING).addDoubleField("x").build()), "order");
    assertFalse(RowSchemas.sameColumns(a,
        Schema.builder().addDoubleField("x").addStringField("y").build()), "nullability");
    assertFalse(RowSchemas.sameColumns(a,
        Schema.builder().addDoubleField("x").addNullableField("z", Schema.FieldType.STRING).build()), "name");
  }

  @Test
  void rowsAreTransformedWithAPlannedSchemaFromAnotherJvm() throws Exception {
    TransformGraph graph = TransformGraphTest.graph();
    Schema planned = fromAnotherJvm(graph.outputSchema());
    List<Row> raw = List.of(
        TransformGraphTest.raw(12.0, 3.0, "Cash", "Flash Cab", TransformGraphTest.ONE_AM, true),
        TransformGraphTest.raw(null, 0.0, "Credit Card", null, TransformGraphTest.ONE_AM + 3600 * 13, false));
    List<Row> expected = new ArrayList<>();
    for (Row r : raw) {
      expected.add(Row.withSchema(planned).addValues(graph.apply(r).getValues()).build());
    }

    PipelineOptions options = PipelineOptionsFactory.create();
    options.setRunner(DirectRunner.class);
    Pipeline p = Pipeline.create(options);
    PCollectionView<String> json = p.apply("graph", Create.of(graph.toJson())).apply(View.asSingleton());
    PCollection<Row> out = p.apply("raw", Create.of(raw).withRowSchema(TransformGraphTest.RAW))
        .apply(ApplyTransformGraph.ofJson(json, planned));
    PAssert.that(out).containsInAnyOrder(expected);

    assertEquals(org.apache.beam.sdk.PipelineResult.State.DONE, p.run().waitUntilFinish());
  }
}
