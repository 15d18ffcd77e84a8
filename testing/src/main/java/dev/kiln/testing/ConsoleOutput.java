package dev.kiln.testing;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.function.IntSupplier;

/**
 * What a command printed to {@code System.out} and {@code System.err} (interleaved, as a terminal shows
 * them) and its exit code: for testing a {@code main} that calls {@code Kiln.run(pipeline, args)}.
 *
 * <p>Example of use:
 *
 * <pre>{@code
 * String plan = ConsoleOutput.of(() -> Kiln.run(pipeline, "plan", "--project", dir)).successText();
 * }</pre>
 *
 * <p>The streams are replaced for the whole JVM while the command runs, so do not run two at once.
 */
public record ConsoleOutput(int exitCode, String text) {
  /** Runs {@code command} with both console streams captured, and restores them afterwards. */
  public static ConsoleOutput of(IntSupplier command) {
    PrintStream out = System.out;
    PrintStream err = System.err;
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    PrintStream both = new PrintStream(captured, true, StandardCharsets.UTF_8);
    System.setOut(both);
    System.setErr(both);
    int code;
    try {
      code = command.getAsInt();
    } finally {
      System.setOut(out);
      System.setErr(err);
    }
    return new ConsoleOutput(code, captured.toString(StandardCharsets.UTF_8));
  }

  /** The text, when the command exited 0; otherwise an {@link AssertionError} carrying the exit code and the text. */
  public String successText() {
    if (exitCode != 0) {
      throw new AssertionError("exit code " + exitCode + ", output:\n" + text);
    }
    return text;
  }
}
