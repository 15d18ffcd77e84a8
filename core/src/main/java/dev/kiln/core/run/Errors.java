package dev.kiln.core.run;

/** Error messages for people, from exception chains. */
final class Errors {
  private Errors() {}

  /** The most useful line of an exception chain: the deepest message that is not a wrapper's. */
  static String message(Throwable e) {
    Throwable t = e;
    String best = e.toString();
    while (t != null) {
      if (t.getMessage() != null && !t.getMessage().isBlank()) {
        best = t instanceof IllegalArgumentException || t instanceof IllegalStateException || t.getClass().getName().startsWith("dev.kiln")
            ? t.getMessage() : t.getClass().getSimpleName() + ": " + t.getMessage();
      }
      t = t.getCause() == t ? null : t.getCause();
    }
    String firstLine = best.lines().findFirst().orElse(best);
    return firstLine.length() > 500 ? firstLine.substring(0, 500) + "…" : firstLine;
  }
}
