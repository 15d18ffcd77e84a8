package dev.kiln.core.io.csv;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kiln.core.io.ReadCounts;
import dev.kiln.core.io.RejectedRowsException;
import dev.kiln.core.io.SourcePartOptions;
import dev.kiln.core.step.DatasetRows;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.zip.GZIPOutputStream;
import org.apache.beam.runners.direct.DirectRunner;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.options.PipelineOptions;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.apache.beam.sdk.schemas.Schema;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.values.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CsvReadTest {
  private static final Schema TRIPS =
      Schema.builder()
          .addInt64Field("id") // required
          .addNullableField("fare", Schema.FieldType.DOUBLE)
          .addNullableField("note", Schema.FieldType.STRING)
          .build();

  @TempDir Path dir;

  private final Pipeline pipeline = pipeline();

  @Test
  void readsRowsWithTheInferredSchema() throws IOException {
    Path csv = write("t.csv", "id,fare,paid,note\n1,2.5,true,a\n2,,false,\n");

    CsvRead.Result result = pipeline.apply(CsvRead.from(csv.toString()));

    Schema schema = result.schema();
    assertEquals(schema, result.rows().getSchema());
    PAssert.that(result.rows()).containsInAnyOrder(
        Row.withSchema(schema).addValues(1L, 2.5, true, "a").build(),
        Row.withSchema(schema).addValues(2L, null, false, null).build());
    PAssert.that(result.rejected()).empty();
    PAssert.thatSingleton(result.check()).isEqualTo(ReadCounts.of(2));
    pipeline.run().waitUntilFinish();
  }

  @Test
  void rejectsBadRowsWithReasonAndPhysicalLine() throws IOException {
    Path csv = write("t.csv",
        "id,fare,note\n"                // line 1
            + "1,2.5,plain\n"           // line 2
            + "2,\"3.0\",\"two\n"       // line 3: a note over two lines
            + "line note\"\n"           // line 4
            + "3,abc,x\n"               // line 5: fare is not a double
            + "4,1.0\n"                 // line 6: too few fields
            + "5,4.5,\"a \"\"quoted\"\"\r\n" // line 7: a quoted quote and a CRLF inside quotes
            + "multi\"\n"               // line 8
            + ",5.5,\"x\"\n"            // line 9: id is required
            + "\n"                      // line 10: blank, skipped
            + "6,7e1,\n");              // line 11
    String file = csv.toString();

    CsvRead.Result result = pipeline.apply(
        CsvRead.from(file).withOptions(CsvOptions.defaults().withSchema(TRIPS).withMaxRejectedShare(1.0)));

    PAssert.that(result.rows()).containsInAnyOrder(
        Row.withSchema(TRIPS).addValues(1L, 2.5, "plain").build(),
        Row.withSchema(TRIPS).addValues(2L, 3.0, "two\nline note").build(),
        Row.withSchema(TRIPS).addValues(5L, 4.5, "a \"quoted\"\r\nmulti").build(),
        Row.withSchema(TRIPS).addValues(6L, 70.0, null).build());
    PAssert.that(result.rejected()).containsInAnyOrder(
        rejected(file, 5, "column 'fare': \"abc\" is not a double", "3,abc,x"),
        rejected(file, 6, "expected 3 fields but found 2", "4,1.0"),
        rejected(file, 9, "column 'id': a value is required", ",5.5,\"x\""));
    PAssert.thatSingleton(result.check())
        .isEqualTo(ReadCounts.of(7, 3, file, 5, "column 'fare': \"abc\" is not a double"));
    pipeline.run().waitUntilFinish();
  }

  @Test
  void failsTheJobWhenMoreRowsThanAllowedAreRejected() throws IOException {
    Path csv = write("t.csv", "id,fare,note\n1,1.0,\"two\nlines\"\n2,abc,x\n3,1,x\n4,1,x\n5,zz,x\n"
        + "6,1,x\n7,1,x\n8,1,x\n9,1,x\n10,1,x\n");
    pipeline.apply(CsvRead.from(csv.toString())
        .withOptions(CsvOptions.defaults().withSchema(TRIPS).withMaxRejectedShare(0.1)));

    Pipeline.PipelineExecutionException e =
        assertThrows(Pipeline.PipelineExecutionException.class, () -> pipeline.run().waitUntilFinish());

    RejectedRowsException cause = assertInstanceOf(RejectedRowsException.class, e.getCause());
    assertEquals(csv + ": 2 of 10 rows (20.0%) were rejected, more than the allowed 10.0%; "
        + "first: line 4: column 'fare': \"abc\" is not a double", cause.getMessage());
  }

  @Test
  void passesWhenTheRejectedShareIsWithinTheAllowed() throws IOException {
    Path csv = write("t.csv", "id,fare,note\n1,1.0,x\n2,abc,x\n3,1,x\n4,1,x\n5,zz,x\n"
        + "6,1,x\n7,1,x\n8,1,x\n9,1,x\n10,1,x\n");

    CsvRead.Result result = pipeline.apply(CsvRead.from(csv.toString())
        .withOptions(CsvOptions.defaults().withSchema(TRIPS).withMaxRejectedShare(0.2)));

    PAssert.thatSingleton(result.check())
        .isEqualTo(ReadCounts.of(10, 2, csv.toString(), 3, "column 'fare': \"abc\" is not a double"));
    pipeline.run().waitUntilFinish();
  }

  @Test
  void failsOnAnyRejectedRowByDefault() throws IOException {
    Path csv = write("t.csv", "id,fare,note\n1,1.0,x\n2,1.0\n");
    pipeline.apply(CsvRead.from(csv.toString()).withOptions(CsvOptions.defaults().withSchema(TRIPS)));

    Pipeline.PipelineExecutionException e =
        assertThrows(Pipeline.PipelineExecutionException.class, () -> pipeline.run().waitUntilFinish());

    assertEquals(csv + ": 1 of 2 rows (50.0%) were rejected and none are allowed (allow some with "
        + "maxRejectedShare); first: line 3: expected 3 fields but found 2", e.getCause().getMessage());
  }

  @Test
  void failsBeforeAnyJobWhenNoFileMatches() {
    String pattern = dir.resolve("missing.csv").toString();

    CsvFormatException e = assertThrows(CsvFormatException.class, () -> pipeline.apply(CsvRead.from(pattern)));

    assertEquals("no CSV file matches '" + pattern + "'", e.getMessage());
  }

  @Test
  void failsBeforeAnyJobOnAnEmptyFile() throws IOException {
    Path csv = write("empty.csv", "");

    CsvFormatException e = assertThrows(CsvFormatException.class,
        () -> pipeline.apply(CsvRead.from(csv.toString()).withOptions(CsvOptions.defaults().withSchema(TRIPS))));

    assertEquals(csv + " is empty: expected a header row naming the columns", e.getMessage());
  }

  @Test
  void failsBeforeAnyJobWhenADeclaredColumnIsNotInTheHeader() throws IOException {
    Path csv = write("t.csv", "id,fare,comment,extra\n1,2.0,x,y\n");

    CsvFormatException e = assertThrows(CsvFormatException.class,
        () -> pipeline.apply(CsvRead.from(csv.toString()).withOptions(CsvOptions.defaults().withSchema(TRIPS))));

    assertEquals(csv + " line 1: the declared schema names column [note] that the header does not have; "
        + "the header is [id, fare, comment, extra]", e.getMessage());
  }

  @Test
  void infersTheColumnsTheDeclaredSchemaLeavesOut() throws IOException {
    Path csv = write("t.csv", "extra,id,fare,when,note\n7,1,2.5,2001-01-31 13:45:07,hello\n8,2,,2001-02-01,\n");
    Schema declared = Schema.builder()
        .addInt64Field("id")
        .addNullableField("when", Schema.FieldType.DATETIME)
        .addNullableField("note", Schema.FieldType.STRING)
        .build();

    CsvRead.Result result = pipeline.apply(
        CsvRead.from(csv.toString()).withOptions(CsvOptions.defaults().withSchema(declared)));

    Schema expected = Schema.builder()
        .addInt64Field("id")
        .addNullableField("when", Schema.FieldType.DATETIME)
        .addNullableField("note", Schema.FieldType.STRING)
        .addNullableField("extra", Schema.FieldType.INT64)
        .addNullableField("fare", Schema.FieldType.DOUBLE)
        .build();
    assertEquals(expected, result.schema());
    PAssert.that(result.rows()).containsInAnyOrder(
        Row.withSchema(expected).addValues(1L, new org.joda.time.Instant(980948707000L), "hello", 7L, 2.5).build(),
        Row.withSchema(expected).addValues(2L, new org.joda.time.Instant(980985600000L), null, 8L, null).build());
    pipeline.run().waitUntilFinish();
  }

  @Test
  void failsWithTheLineOfAnUnbalancedQuote() throws IOException {
    Path csv = write("t.csv", "id,fare,note\n1,2.0,ok\n2,3.0,\"never closed\n3,4.0,x\n");

    CsvFormatException e = assertThrows(CsvFormatException.class, () -> pipeline.apply(CsvRead.from(csv.toString())));

    assertTrue(e.getMessage().startsWith(csv + " line 3: malformed CSV ("), e.getMessage());
  }

  @Test
  void putsDeclaredColumnsInSchemaOrderWhateverTheFileOrder() throws IOException {
    Path csv = write("t.csv", "note,id,fare\nhello,1,2.5\n");

    CsvRead.Result result = pipeline.apply(
        CsvRead.from(csv.toString()).withOptions(CsvOptions.defaults().withSchema(TRIPS)));

    PAssert.that(result.rows()).containsInAnyOrder(Row.withSchema(TRIPS).addValues(1L, 2.5, "hello").build());
    pipeline.run().waitUntilFinish();
  }

  @Test
  void readsEveryFileOfAPatternAndSumsTheirCounts() throws IOException {
    write("part-1.csv", "id,fare,note\n1,1.0,a\n2,x,b\n");
    write("part-2.csv", "id,fare,note\n3,3.0,c\n4,y,d\n5,5.0,e\n");
    String first = dir.resolve("part-1.csv").toString();

    CsvRead.Result result = pipeline.apply(CsvRead.from(dir.resolve("part-*.csv").toString())
        .withOptions(CsvOptions.defaults().withSchema(TRIPS).withMaxRejectedShare(0.5)));

    PAssert.that(result.rows()).containsInAnyOrder(
        Row.withSchema(TRIPS).addValues(1L, 1.0, "a").build(),
        Row.withSchema(TRIPS).addValues(3L, 3.0, "c").build(),
        Row.withSchema(TRIPS).addValues(5L, 5.0, "e").build());
    PAssert.thatSingleton(result.check())
        .isEqualTo(ReadCounts.of(5, 2, first, 3, "column 'fare': \"x\" is not a double"));
    pipeline.run().waitUntilFinish();
  }

  @Test
  void namesTheFileOfTheFirstRejectionWhenAPatternFails() throws IOException {
    write("part-1.csv", "id,fare,note\n1,1.0,a\n");
    write("part-2.csv", "id,fare,note\n3,3.0,c\n4,y,d\n");
    String pattern = dir.resolve("part-*.csv").toString();
    pipeline.apply(CsvRead.from(pattern).withOptions(CsvOptions.defaults().withSchema(TRIPS)));

    Pipeline.PipelineExecutionException e =
        assertThrows(Pipeline.PipelineExecutionException.class, () -> pipeline.run().waitUntilFinish());

    assertTrue(e.getCause().getMessage().endsWith("first: " + dir.resolve("part-2.csv") + " line 3: column 'fare': "
        + "\"y\" is not a double"), e.getCause().getMessage());
  }

  @Test
  void readsGzippedFilesAndNullTokens() throws IOException {
    Path gz = dir.resolve("t.csv.gz");
    try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(gz))) {
      out.write("id,fare,note\n1,NA,x\n2,2.0,NA\n".getBytes(StandardCharsets.UTF_8));
    }

    CsvRead.Result result = pipeline.apply(
        CsvRead.from(gz.toString()).withOptions(CsvOptions.defaults().withSchema(TRIPS).withNullTokens("NA")));

    PAssert.that(result.rows()).containsInAnyOrder(
        Row.withSchema(TRIPS).addValues(1L, null, "x").build(),
        Row.withSchema(TRIPS).addValues(2L, 2.0, null).build());
    pipeline.run().waitUntilFinish();
  }

  @Test
  void makesTheDatasetCommitWaitForTheCheck() throws IOException {
    Path csv = write("t.csv", "id\n1\n");

    CsvRead.Result result = pipeline.apply(CsvRead.from(csv.toString()));
    DatasetRows dataset = result.asDataset();

    assertEquals(result.rows(), dataset.rows());
    assertEquals(List.of(result.check()), dataset.commitAfter());
  }

  @Test
  void readsALargeFileInRangesWithQuotedLineBreaksOnTheirBoundaries() throws IOException {
    StringBuilder text = new StringBuilder("id,fare,note\n");
    List<Row> expected = new java.util.ArrayList<>();
    for (int i = 1; i <= 200; i++) {
      String note = i % 3 == 0 ? "line\n" + i + "\r\nmore" : i % 3 == 1 ? "say \"hi\", " + i : "n" + i;
      text.append(i).append(',').append(i % 7 == 0 ? "bad" : i + ".5").append(",\"")
          .append(note.replace("\"", "\"\"")).append("\"\n");
      if (i % 7 != 0) {
        expected.add(Row.withSchema(TRIPS).addValues((long) i, i + 0.5, note).build());
      }
    }
    Path csv = write("t.csv", text.toString());
    CsvOptions options = CsvOptions.defaults().withSchema(TRIPS).withMaxRejectedShare(1.0).withRangeBytes(97);
    assertTrue(CsvRanges.of(CsvFiles.match(csv.toString()), options).size() > 20);

    CsvRead.Result result = pipeline.apply(CsvRead.from(csv.toString()).withOptions(options));

    PAssert.that(result.rows()).containsInAnyOrder(expected);
    // row i = 7 is on line 8, plus the two line breaks in each of the notes of rows 3 and 6
    PAssert.thatSingleton(result.check())
        .isEqualTo(ReadCounts.of(200, 28, csv.toString(), 12, "column 'fare': \"bad\" is not a double"));
    pipeline.run().waitUntilFinish();
  }

  @Test
  void rejectsARowWithBytesThatAreNotUtf8NamingTheirOffset() throws IOException {
    byte[] head = "id,fare,note\n1,1.0,ok\n2,2.0,caf".getBytes(StandardCharsets.UTF_8);
    byte[] tail = "\n3,3.0,Gr\u00f6\u00dfe\n".getBytes(StandardCharsets.UTF_8);
    Path csv = dir.resolve("t.csv");
    try (OutputStream out = Files.newOutputStream(csv)) {
      out.write(head);
      out.write(0xE9); // 'é' in ISO-8859-1: not UTF-8
      out.write(tail);
    }
    String file = csv.toString();

    CsvRead.Result result = pipeline.apply(
        CsvRead.from(file).withOptions(CsvOptions.defaults().withSchema(TRIPS).withMaxRejectedShare(1.0)));

    PAssert.that(result.rows()).containsInAnyOrder(
        Row.withSchema(TRIPS).addValues(1L, 1.0, "ok").build(),
        Row.withSchema(TRIPS).addValues(3L, 3.0, "Gr\u00f6\u00dfe").build());
    String reason = "byte offset " + head.length + ": E9 is not valid UTF-8 (name the file's charset with the csv "
        + "setting encoding)";
    PAssert.that(result.rejected()).containsInAnyOrder(rejected(file, 3, reason, "2,2.0,caf\ufffd"));
    pipeline.run().waitUntilFinish();
  }

  @Test
  void readsTheCharsetTheEncodingNames() throws IOException {
    Path csv = dir.resolve("t.csv");
    Files.write(csv, "id,fare,note\n1,1.0,Gr\u00f6\u00dfe\n".getBytes(StandardCharsets.ISO_8859_1));

    CsvRead.Result result = pipeline.apply(CsvRead.from(csv.toString())
        .withOptions(CsvOptions.defaults().withSchema(TRIPS).withEncoding("ISO-8859-1")));

    PAssert.that(result.rows()).containsInAnyOrder(Row.withSchema(TRIPS).addValues(1L, 1.0, "Gr\u00f6\u00dfe").build());
    pipeline.run().waitUntilFinish();
  }

  @Test
  void refusesAnEncodingThatDoesNotWriteAsciiAsSingleBytes() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> CsvOptions.defaults().withEncoding("UTF-16"));
    assertTrue(e.getMessage().startsWith("encoding UTF-16 is not supported"), e.getMessage());
  }

  @Test
  void failsBeforeAnyJobOnALineTooLongToBeAHeader() throws IOException {
    Path csv = write("one-line.csv", "x".repeat(CsvOptions.DEFAULT_MAX_HEADER_BYTES + 10));

    CsvFormatException e = assertThrows(CsvFormatException.class, () -> pipeline.apply(CsvRead.from(csv.toString())));

    assertEquals(csv + ": the header (line 1) is longer than maxHeaderBytes (1048576 bytes); is this a CSV file "
        + "with a header row and line breaks? Raise the csv setting maxHeaderBytes if the header really is that long",
        e.getMessage());
  }

  @Test
  void failsBeforeAnyJobOnAFieldOverMaxFieldBytes() throws IOException {
    Path csv = write("t.csv", "id,fare,note\n1,1.0,short\n2,2.0,\"" + "y".repeat(40) + "\"\n");

    CsvFormatException e = assertThrows(CsvFormatException.class, () -> pipeline.apply(
        CsvRead.from(csv.toString()).withOptions(CsvOptions.defaults().withMaxFieldBytes(32))));

    assertEquals(csv + " line 3: field 3 is longer than maxFieldBytes (32 bytes); check for an unbalanced quote, "
        + "or raise the csv setting maxFieldBytes if the file really holds such values", e.getMessage());
  }

  @Test
  void onTheDirectRunnerEachBundleIsOneRangeOfAtMostTheBackendsPartSize() throws IOException {
    StringBuilder text = new StringBuilder("id,fare,note\n");
    for (int i = 1; i <= 3000; i++) {
      text.append(String.format("%05d,%05d.5,n%d\n", i, i, i % 10)); // rows of equal length
    }
    Path csv = write("t.csv", text.toString());
    long size = Files.size(csv);
    Pipeline p = pipeline();
    // what the direct backend sets, with a part of a twentieth of the file (about 150 rows)
    p.getOptions().as(SourcePartOptions.class).setPartsInWaves(true);
    p.getOptions().as(SourcePartOptions.class).setMaxPartBytes(size / 20);
    String id = UUID.randomUUID().toString();
    BUNDLES.put(id, new ConcurrentLinkedQueue<>());

    CsvRead.Result result = p.apply(CsvRead.from(csv.toString()).withOptions(CsvOptions.defaults().withSchema(TRIPS)));
    result.rows().apply(ParDo.of(new CountBundleFn(id)));
    PAssert.thatSingleton(result.check()).isEqualTo(ReadCounts.of(3000));
    p.run().waitUntilFinish();

    List<Long> bundles = List.copyOf(BUNDLES.remove(id));
    assertEquals(3000, bundles.stream().mapToLong(Long::longValue).sum());
    assertTrue(bundles.size() >= 20, "bundles: " + bundles);
    // a range ends at the first record boundary after its size: one row more at most
    assertEquals(3000 / 20, bundles.stream().mapToLong(Long::longValue).max().orElseThrow(), 1, "rows per bundle: " + bundles);
    assertTrue(bundles.stream().allMatch(n -> n <= 3000 / 20 + 1), "rows per bundle: " + bundles);
  }

  private static final Map<String, Queue<Long>> BUNDLES = new ConcurrentHashMap<>();

  /** Counts the rows of every bundle it sees (the DirectRunner runs it in this JVM). */
  private static final class CountBundleFn extends DoFn<Row, Void> {
    private final String id;
    private transient long rows;

    CountBundleFn(String id) {
      this.id = id;
    }

    @StartBundle
    public void start() {
      rows = 0;
    }

    @ProcessElement
    public void process(@Element Row row) {
      rows++;
    }

    @FinishBundle
    public void finish() {
      BUNDLES.get(id).add(rows);
    }
  }

  private static Row rejected(String file, long line, String reason, String text) {
    return Row.withSchema(CsvRead.REJECTED_SCHEMA).addValues(file, line, reason, text).build();
  }

  /**
   * On Flink every output of a ParDo is a network edge that receives every element, rows included:
   * the parser has one output for rows and one for everything else (rejected records and counts).
   */
  @Test
  void theParserHasTwoOutputsRowsAndNotes() throws IOException {
    StringBuilder text = new StringBuilder("id,fare,note\n");
    for (int i = 0; i < 99; i++) {
      text.append(i).append(",2.5,a\n");
    }
    Path csv = write("t.csv", text.append("x,1.0,b\n").toString());
    CsvRead.Result result = pipeline.apply(CsvRead.from(csv.toString())
        .withOptions(CsvOptions.defaults().withSchema(TRIPS).withMaxRejectedShare(0.1)));
    java.util.List<Integer> outputs = new java.util.ArrayList<>();
    pipeline.traverseTopologically(new org.apache.beam.sdk.Pipeline.PipelineVisitor.Defaults() {
      @Override
      public void visitPrimitiveTransform(org.apache.beam.sdk.runners.TransformHierarchy.Node node) {
        if (node.getFullName().endsWith("ParseRows")) {
          outputs.add(node.getOutputs().size());
        }
      }
    });
    assertEquals(java.util.List.of(2), outputs);
    PAssert.that(result.rejected()).satisfies(rejected -> {
      int n = 0;
      for (Row r : rejected) {
        assertEquals(101L, r.getInt64("line"));
        n++;
      }
      assertEquals(1, n);
      return null;
    });
    PAssert.thatSingleton(result.check()).satisfies(counts -> {
      assertEquals(100, counts.rows());
      assertEquals(1, counts.rejected());
      return null;
    });
    pipeline.run().waitUntilFinish();
  }

  private Path write(String name, String content) throws IOException {
    return Files.writeString(dir.resolve(name), content);
  }

  static Pipeline pipeline() {
    PipelineOptions options = PipelineOptionsFactory.create();
    options.setRunner(DirectRunner.class);
    return Pipeline.create(options);
  }
}
