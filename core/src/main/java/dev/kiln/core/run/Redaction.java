package dev.kiln.core.run;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.regex.Pattern;

/**
 * Takes credentials out of text before it is shown or stored: the password of a URL's user info
 * ({@code jdbc:postgresql://kiln:secret@db/kiln} → {@code kiln:***@db}) and the value of a
 * {@code password=} / {@code secret=} / {@code token=} parameter. Errors quote URLs (a JDBC driver's
 * {@code UnknownHostException}, a failed GCS request), and error messages go to the terminal, the log
 * file and the metadata store alike, so every one of them passes through here.
 *
 * <p>Example of use: {@code console.error(Redaction.apply(e.getMessage()))}.
 */
public final class Redaction {
  private static final String HIDDEN = "***";
  /** {@code scheme://user:password@} (the scheme may be {@code jdbc:postgresql}, ...): the password is hidden. */
  private static final Pattern USER_INFO = Pattern.compile("(\\b[A-Za-z][A-Za-z0-9+.-]*://[^/\\s:@]+:)[^@/\\s]+@");
  /** A bare {@code user:password@host}, as a driver quotes the authority of a URL it could not resolve. */
  private static final Pattern BARE_USER_INFO = Pattern.compile("(\\b[\\w.%+-]+:)[^@\\s/:'\"]+@(?=[\\w.-]+)");
  /** {@code password=v}, {@code secret=v}, {@code token=v} in a query string or a property list. */
  private static final Pattern PARAMETER = Pattern.compile(
      "(?i)(\\b(?:password|passwd|pwd|secret|token|access_?token|api_?key)\\s*[=:]\\s*)[^&;,\\s\"']+");

  private Redaction() {}

  /** {@code text} without credentials (null stays null). */
  public static String apply(String text) {
    if (text == null || text.isEmpty()) {
      return text;
    }
    String out = USER_INFO.matcher(text).replaceAll("$1" + HIDDEN + "@");
    out = BARE_USER_INFO.matcher(out).replaceAll("$1" + HIDDEN + "@");
    return PARAMETER.matcher(out).replaceAll("$1" + HIDDEN);
  }

  /** The stack trace of {@code t} with its causes, as {@link Throwable#printStackTrace} prints it, redacted. */
  public static String stackTrace(Throwable t) {
    StringWriter w = new StringWriter();
    t.printStackTrace(new PrintWriter(w));
    return apply(w.toString());
  }
}
