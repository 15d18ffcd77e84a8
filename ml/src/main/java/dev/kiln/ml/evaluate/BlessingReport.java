package dev.kiln.ml.evaluate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Locale;

/** Renders a Blessing document as text for {@code kiln show}: the verdict, each check, the baseline. */
public final class BlessingReport {
  private BlessingReport() {}

  /** The text of a Blessing document. */
  public static String render(String blessingJson) {
    ObjectNode doc = MetricsDocument.parse(blessingJson);
    StringBuilder out = new StringBuilder(doc.path("summary").asText()).append('\n');
    for (JsonNode c : doc.path("checks")) {
      String metric = c.path("metric").asText();
      String check = switch (c.path("check").asText()) {
        case "min" -> metric + " >= " + num(c.get("bound"));
        case "max" -> metric + " <= " + num(c.get("bound"));
        default -> metric + " improves by >= " + num(c.get("bound"));
      };
      out.append("  ").append(c.path("passed").asBoolean() ? "pass  " : "FAIL  ").append(check)
          .append(": ").append(num(c.get("value")));
      if (c.has("baselineValue")) {
        out.append(" vs baseline ").append(num(c.get("baselineValue"))).append(" (").append(num(c.get("improvement"))).append(')');
      }
      if (c.has("note")) {
        out.append(" — ").append(c.get("note").asText());
      }
      out.append('\n');
    }
    JsonNode b = doc.path("baseline");
    if (b.isObject()) {
      out.append("baseline: ").append(b.path("path").asText());
      out.append(b.path("found").asBoolean()
          ? " version " + b.path("version").asText() + " (sha256 " + b.path("fingerprint").asText().substring(0, 12) + ")"
          : " (nothing pushed yet)");
      out.append('\n');
    }
    return out.toString();
  }

  private static String num(JsonNode n) {
    if (n == null || n.isNull()) {
      return "-";
    }
    if (n.isIntegralNumber() || (n.isNumber() && n.asDouble() == Math.rint(n.asDouble()) && Math.abs(n.asDouble()) < 1e15)) {
      return Long.toString(n.asLong());
    }
    return String.format(Locale.ROOT, "%.4f", n.asDouble());
  }
}
