package dev.kiln.ml.train;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.apache.beam.sdk.schemas.Schema;
import org.apache.beam.sdk.values.Row;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;

/**
 * The taxi data preprocessed in test code, the way the preprocess step would: numeric columns
 * imputed with the training mean and standardized with the training mean and standard deviation,
 * {@code payment_type} one-hot, and the label {@code big_tipper} (tips > 0.2 × fare; null when
 * either is missing, and in every 97th row). Every fifth row is held out for evaluation; statistics come from the rest only.
 */
final class TaxiExamples {
  static final String LABEL = "big_tipper";
  private static final List<String> NUMERIC = List.of("fare", "trip_miles", "trip_seconds", "trip_start_hour",
      "trip_start_month", "pickup_latitude", "pickup_longitude", "dropoff_latitude", "dropoff_longitude");

  final Schema schema;
  final List<Row> train;
  final List<Row> heldOut;

  private TaxiExamples(Schema schema, List<Row> train, List<Row> heldOut) {
    this.schema = schema;
    this.train = train;
    this.heldOut = heldOut;
  }

  static TaxiExamples load() {
    List<Map<String, String>> records = read(Path.of("../examples/data/taxi.csv"));
    List<Map<String, String>> fit = new ArrayList<>();
    for (int i = 0; i < records.size(); i++) {
      if (i % 5 != 0) {
        fit.add(records.get(i));
      }
    }
    Map<String, double[]> moments = new LinkedHashMap<>();
    for (String c : NUMERIC) {
      moments.put(c, moments(fit, c));
    }
    TreeSet<String> payments = new TreeSet<>();
    fit.forEach(r -> payments.add(r.get("payment_type")));
    Schema.Builder b = Schema.builder();
    NUMERIC.forEach(c -> b.addDoubleField(c + "_z"));
    payments.forEach(p -> b.addDoubleField(paymentColumn(p)));
    b.addNullableField("payment_type", Schema.FieldType.STRING); // raw, left in to show it is not a default feature
    b.addNullableField(LABEL, Schema.FieldType.BOOLEAN);
    Schema schema = b.build();
    List<Row> train = new ArrayList<>();
    List<Row> heldOut = new ArrayList<>();
    for (int i = 0; i < records.size(); i++) {
      Map<String, String> r = records.get(i);
      Row.Builder row = Row.withSchema(schema);
      for (String c : NUMERIC) {
        double[] m = moments.get(c);
        String v = r.get(c);
        double x = v.isEmpty() ? m[0] : Double.parseDouble(v);
        row.addValue((x - m[0]) / m[1]);
      }
      payments.forEach(p -> row.addValue(p.equals(r.get("payment_type")) ? 1.0 : 0.0));
      row.addValue(r.get("payment_type"));
      String fare = r.get("fare");
      String tips = r.get("tips");
      // every 97th row loses its label, as rows whose fare or tip is missing would: trainers must skip them
      boolean missing = fare.isEmpty() || tips.isEmpty() || i % 97 == 1;
      row.addValue(missing ? null : Double.parseDouble(tips) > 0.2 * Double.parseDouble(fare));
      (i % 5 == 0 ? heldOut : train).add(row.build());
    }
    return new TaxiExamples(schema, train, heldOut);
  }

  static String paymentColumn(String payment) {
    return "pay_" + payment.toLowerCase(java.util.Locale.ROOT).replaceAll("[^a-z0-9]+", "_");
  }

  /** Mean and standard deviation of the non-empty values. */
  private static double[] moments(List<Map<String, String>> rows, String column) {
    double sum = 0;
    double squares = 0;
    long n = 0;
    for (Map<String, String> r : rows) {
      String v = r.get(column);
      if (!v.isEmpty()) {
        double x = Double.parseDouble(v);
        sum += x;
        squares += x * x;
        n++;
      }
    }
    double mean = sum / n;
    double sd = Math.sqrt(Math.max(squares / n - mean * mean, 1e-12));
    return new double[] {mean, sd};
  }

  private static List<Map<String, String>> read(Path csv) {
    List<Map<String, String>> out = new ArrayList<>();
    try (Reader in = Files.newBufferedReader(csv, StandardCharsets.UTF_8)) {
      for (CSVRecord rec : CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).build().parse(in)) {
        out.add(rec.toMap());
      }
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
    return out;
  }
}
