package dev.kiln.metadata;

import java.util.regex.Pattern;

/** Makes JDBC URLs safe to show in messages and logs. */
final class JdbcUrls {
  private static final Pattern SECRET =
      Pattern.compile("(?i)((?:password|passwd|pwd|sslpassword)=)[^&;]*");
  private static final Pattern USER_INFO = Pattern.compile("//([^/@]*):([^/@]*)@");

  private JdbcUrls() {}

  /** The URL with every password parameter and any {@code user:password@} part masked. */
  static String redact(String jdbcUrl) {
    String s = SECRET.matcher(jdbcUrl).replaceAll("$1***");
    return USER_INFO.matcher(s).replaceAll("//$1:***@");
  }
}
