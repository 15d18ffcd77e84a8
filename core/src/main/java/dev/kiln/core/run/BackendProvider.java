package dev.kiln.core.run;

/**
 * Makes a {@link Backend} that users add, as they add step types: a public class with a no-argument
 * constructor, announced in {@code META-INF/services/dev.kiln.core.run.BackendProvider} of a jar on
 * Kiln's class path ({@code KILN_CLASSPATH}, or {@code --jar}). Its {@link #name()} is then a value of
 * {@code --runner} and of a step's {@code backend:}, like the built-in {@code direct}, {@code flink}
 * and {@code dataflow} (which a provider cannot replace).
 *
 * <p>Example of use, a backend for training steps on a bigger machine's Flink cluster:
 *
 * <pre>{@code
 * public final class BigBoxProvider implements BackendProvider {
 *   public String name() { return "bigbox"; }
 *   public Backend create(BackendSettings settings) { return new BigBoxBackend(settings.parallelism()); }
 * }
 * }</pre>
 *
 * <p>and in a pipeline: {@code train: { uses: train, backend: bigbox, ... }}.
 */
public interface BackendProvider {
  /** The name users write: letters, digits, '_' and '-'. */
  String name();

  /**
   * A backend for one run. Throw an {@link IllegalArgumentException} with a message for the user when
   * it cannot be made here (a missing setting, an unreachable service); the run then ends before any
   * job starts.
   */
  Backend create(BackendSettings settings);
}
