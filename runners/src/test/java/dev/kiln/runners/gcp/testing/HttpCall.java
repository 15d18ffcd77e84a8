package dev.kiln.runners.gcp.testing;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * One HTTP request and its response, independent of the server that carried it, so that the parts
 * of a batch request can be handled exactly like top-level requests.
 */
final class HttpCall {
  final String method;
  /** The raw (still percent-encoded) path. */
  final String rawPath;
  final Map<String, String> query;
  /** Header names in lower case. */
  final Map<String, String> headers;
  final byte[] body;
  /** scheme://host:port of the server, for absolute URLs in responses. */
  final String base;

  HttpCall(String method, String rawPath, String rawQuery, Map<String, String> headers, byte[] body, String base) {
    this.method = method.toUpperCase(Locale.ROOT);
    this.rawPath = rawPath;
    this.query = parseQuery(rawQuery);
    this.headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    this.headers.putAll(headers);
    this.body = body;
    this.base = base;
  }

  String header(String name) {
    return headers.get(name);
  }

  String param(String name) {
    return query.get(name);
  }

  /** The path's segments, each percent-decoded ('+' stays '+': this is a path, not a form). */
  List<String> segments() {
    List<String> out = new ArrayList<>();
    for (String s : rawPath.split("/")) {
      if (!s.isEmpty()) {
        out.add(decode(s));
      }
    }
    return out;
  }

  static Map<String, String> parseQuery(String rawQuery) {
    Map<String, String> q = new LinkedHashMap<>();
    if (rawQuery == null || rawQuery.isEmpty()) {
      return q;
    }
    for (String pair : rawQuery.split("&")) {
      int eq = pair.indexOf('=');
      String k = eq < 0 ? pair : pair.substring(0, eq);
      String v = eq < 0 ? "" : pair.substring(eq + 1);
      q.put(decode(k.replace('+', ' ')), decode(v.replace('+', ' ')));
    }
    return q;
  }

  static String decode(String s) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '%' && i + 2 < s.length()) {
        out.write(Integer.parseInt(s.substring(i + 1, i + 3), 16));
        i += 2;
      } else {
        byte[] b = String.valueOf(c).getBytes(StandardCharsets.UTF_8);
        out.write(b, 0, b.length);
      }
    }
    return out.toString(StandardCharsets.UTF_8);
  }

  /** A response: status, headers and body. */
  record Response(int status, Map<String, String> headers, byte[] body) {
    static Response json(int status, String json) {
      Map<String, String> h = new LinkedHashMap<>();
      h.put("Content-Type", "application/json; charset=UTF-8");
      return new Response(status, h, json.getBytes(StandardCharsets.UTF_8));
    }

    static Response empty(int status) {
      return new Response(status, new LinkedHashMap<>(), new byte[0]);
    }

    static Response error(int status, String reason, String message) {
      return json(status, "{\"error\":{\"code\":" + status + ",\"message\":" + Json.quote(message)
          + ",\"errors\":[{\"domain\":\"global\",\"reason\":\"" + reason + "\",\"message\":" + Json.quote(message) + "}]}}");
    }

    Response withHeader(String name, String value) {
      Map<String, String> h = new LinkedHashMap<>(headers);
      h.put(name, value);
      return new Response(status, h, body);
    }
  }
}
