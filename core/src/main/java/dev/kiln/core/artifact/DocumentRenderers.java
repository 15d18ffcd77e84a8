package dev.kiln.core.artifact;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kiln.core.spec.CanonicalJson;
import java.util.HashMap;
import java.util.Map;
import java.util.ServiceLoader;

/** The {@link DocumentRenderer}s on the class path, by kind, with a JSON fallback for the others. */
public final class DocumentRenderers {
  private static final int FALLBACK_LINES = 20;
  private final Map<String, DocumentRenderer> byKind = new HashMap<>();

  private DocumentRenderers() {}

  /** The renderers found by {@link ServiceLoader}. */
  public static DocumentRenderers load() {
    DocumentRenderers r = new DocumentRenderers();
    for (DocumentRenderer renderer : ServiceLoader.load(DocumentRenderer.class)) {
      renderer.kinds().forEach(k -> r.byKind.put(k, renderer));
    }
    return r;
  }

  /**
   * The document as text: its kind's renderer, or the first lines of its pretty-printed JSON. A
   * renderer that fails on a document (an older format, say) falls back too, so {@code kiln show}
   * always shows something.
   */
  public String render(String kind, String json) {
    DocumentRenderer renderer = byKind.get(kind);
    if (renderer != null) {
      try {
        return renderer.render(kind, json);
      } catch (RuntimeException e) {
        return "(cannot render this " + kind + ": " + e.getMessage() + ")\n" + pretty(json);
      }
    }
    return pretty(json);
  }

  private static String pretty(String json) {
    String text;
    try {
      JsonNode node = CanonicalJson.MAPPER.readTree(json);
      text = CanonicalJson.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(node);
    } catch (Exception e) {
      text = json;
    }
    String[] lines = text.split("\n");
    if (lines.length <= FALLBACK_LINES) {
      return text;
    }
    return String.join("\n", java.util.Arrays.copyOf(lines, FALLBACK_LINES)) + "\n… (" + (lines.length - FALLBACK_LINES) + " more lines)";
  }
}
