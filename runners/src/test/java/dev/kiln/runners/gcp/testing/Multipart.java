package dev.kiln.runners.gcp.testing;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/** Parses multipart bodies (multipart/related uploads, multipart/mixed batches). */
final class Multipart {
  /** One part: its headers (names in lower case) and content. */
  record Part(Map<String, String> headers, byte[] body) {}

  private Multipart() {}

  static String boundary(String contentType) {
    if (contentType == null) {
      throw new IllegalArgumentException("multipart request without Content-Type");
    }
    for (String param : contentType.split(";")) {
      String p = param.trim();
      if (p.toLowerCase(Locale.ROOT).startsWith("boundary=")) {
        String b = p.substring("boundary=".length());
        return b.startsWith("\"") ? b.substring(1, b.length() - 1) : b;
      }
    }
    throw new IllegalArgumentException("multipart Content-Type without boundary: " + contentType);
  }

  static List<Part> parse(String contentType, byte[] body) {
    byte[] delimiter = ("--" + boundary(contentType)).getBytes(StandardCharsets.ISO_8859_1);
    List<Part> parts = new ArrayList<>();
    int at = indexOf(body, delimiter, 0);
    while (at >= 0) {
      int start = at + delimiter.length;
      if (start + 1 < body.length && body[start] == '-' && body[start + 1] == '-') {
        break; // closing delimiter
      }
      start = skipLineEnd(body, start);
      int next = indexOf(body, delimiter, start);
      if (next < 0) {
        throw new IllegalArgumentException("multipart body without a closing boundary");
      }
      int end = next;
      if (end >= 2 && body[end - 2] == '\r' && body[end - 1] == '\n') {
        end -= 2;
      } else if (end >= 1 && body[end - 1] == '\n') {
        end -= 1;
      }
      parts.add(part(body, start, end));
      at = next;
    }
    return parts;
  }

  private static Part part(byte[] body, int start, int end) {
    Map<String, String> headers = new TreeMap<>();
    int pos = start;
    while (pos < end) {
      int eol = lineEnd(body, pos, end);
      String line = new String(body, pos, eol - pos, StandardCharsets.ISO_8859_1);
      pos = skipLineEnd(body, eol);
      if (line.isEmpty()) {
        break;
      }
      int colon = line.indexOf(':');
      if (colon > 0) {
        headers.put(line.substring(0, colon).trim().toLowerCase(Locale.ROOT), line.substring(colon + 1).trim());
      }
    }
    byte[] content = new byte[Math.max(0, end - pos)];
    System.arraycopy(body, pos, content, 0, content.length);
    return new Part(headers, content);
  }

  static int lineEnd(byte[] b, int from, int limit) {
    int i = from;
    while (i < limit && b[i] != '\r' && b[i] != '\n') {
      i++;
    }
    return i;
  }

  static int skipLineEnd(byte[] b, int i) {
    if (i < b.length && b[i] == '\r') {
      i++;
    }
    if (i < b.length && b[i] == '\n') {
      i++;
    }
    return i;
  }

  static int indexOf(byte[] haystack, byte[] needle, int from) {
    outer:
    for (int i = from; i <= haystack.length - needle.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (haystack[i + j] != needle[j]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }
}
