package dev.kiln.runners.gcp.testing;

import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * The JSON API batch format: a multipart/mixed request whose parts are {@code application/http}
 * requests, answered by a multipart/mixed response of {@code application/http} responses, each
 * with the Content-ID {@code response-<id of the request part>}.
 */
final class BatchCodec {
  private BatchCodec() {}

  static HttpCall.Response handle(HttpCall batch, Function<HttpCall, HttpCall.Response> handler, Consumer<String> log) {
    List<Multipart.Part> parts = Multipart.parse(batch.header("Content-Type"), batch.body);
    String boundary = "batch_" + UUID.randomUUID().toString().replace("-", "");
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (Multipart.Part part : parts) {
      HttpCall inner = embedded(part.body(), batch.base);
      log.accept("batch: " + inner.method + " " + inner.rawPath);
      HttpCall.Response r = handler.apply(inner);
      String id = part.headers().getOrDefault("content-id", "");
      StringBuilder head = new StringBuilder()
          .append("--").append(boundary).append("\r\n")
          .append("Content-Type: application/http\r\n")
          .append("Content-ID: response-").append(id.replaceAll("^<|>$", "")).append("\r\n\r\n")
          .append("HTTP/1.1 ").append(r.status()).append(' ').append(reason(r.status())).append("\r\n");
      r.headers().forEach((k, v) -> head.append(k).append(": ").append(v).append("\r\n"));
      head.append("Content-Length: ").append(r.body().length).append("\r\n\r\n");
      out.writeBytes(head.toString().getBytes(StandardCharsets.ISO_8859_1));
      out.writeBytes(r.body());
      out.writeBytes("\r\n".getBytes(StandardCharsets.ISO_8859_1));
    }
    out.writeBytes(("--" + boundary + "--\r\n").getBytes(StandardCharsets.ISO_8859_1));
    return new HttpCall.Response(200, Map.of("Content-Type", "multipart/mixed; boundary=" + boundary), out.toByteArray());
  }

  /** Parses "METHOD url HTTP/1.1", headers, blank line, body. */
  private static HttpCall embedded(byte[] http, String base) {
    int pos = 0;
    int eol = Multipart.lineEnd(http, pos, http.length);
    String[] requestLine = new String(http, pos, eol - pos, StandardCharsets.ISO_8859_1).split(" ");
    pos = Multipart.skipLineEnd(http, eol);
    Map<String, String> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    while (pos < http.length) {
      eol = Multipart.lineEnd(http, pos, http.length);
      String line = new String(http, pos, eol - pos, StandardCharsets.ISO_8859_1);
      pos = Multipart.skipLineEnd(http, eol);
      if (line.isEmpty()) {
        break;
      }
      int colon = line.indexOf(':');
      headers.put(line.substring(0, colon).trim(), line.substring(colon + 1).trim());
    }
    byte[] body = new byte[http.length - pos];
    System.arraycopy(http, pos, body, 0, body.length);
    URI uri = URI.create(requestLine[1]);
    return new HttpCall(requestLine[0].toUpperCase(Locale.ROOT), uri.getRawPath(), uri.getRawQuery(), headers, body, base);
  }

  private static String reason(int status) {
    return switch (status) {
      case 200 -> "OK";
      case 204 -> "No Content";
      case 404 -> "Not Found";
      case 412 -> "Precondition Failed";
      default -> "Status";
    };
  }
}
