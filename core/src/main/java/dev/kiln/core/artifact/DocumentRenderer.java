package dev.kiln.core.artifact;

import java.util.Set;

/**
 * Turns a document artifact (statistics, metrics, a model, ...) into a few lines of plain text for
 * {@code kiln show}. Modules that define document kinds announce a renderer through
 * {@code META-INF/services/dev.kiln.core.artifact.DocumentRenderer}; {@link DocumentRenderers} picks it.
 */
public interface DocumentRenderer {
  /** The document kinds this renderer shows. */
  Set<String> kinds();

  /** Plain text, lines separated by '\n', without indentation (the caller indents). */
  String render(String kind, String json);
}
