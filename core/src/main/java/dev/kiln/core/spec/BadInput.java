package dev.kiln.core.spec;

/**
 * Marks an exception caused by what the user gave Kiln — the pipeline description or the data it
 * reads — rather than by Kiln or the machine. The CLI reports these with exit code 2.
 */
public interface BadInput {

  /** True when {@code e} or one of its causes is a {@link BadInput}. */
  static boolean in(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof BadInput) {
        return true;
      }
    }
    return false;
  }
}
