package dev.kiln.runners.gcp.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.BrokenBarrierException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.zip.CRC32C;

/**
 * A local server for the part of the Cloud Storage JSON API that Beam's GcsFileSystem (through
 * gcsio and the apiary client) and the Cloud Storage Java client use:
 *
 * <ul>
 *   <li>buckets: get;
 *   <li>objects: get (metadata, and {@code alt=media} with Range), list (prefix, delimiter, pages),
 *       insert ({@code uploadType} media, multipart and resumable with chunked PUTs), rewrite, copy,
 *       delete;
 *   <li>batch ({@code /batch/storage/v1}, multipart/mixed of embedded HTTP requests);
 *   <li>generation preconditions: {@code ifGenerationMatch} (0 = must not exist),
 *       {@code ifGenerationNotMatch}, {@code ifMetagenerationMatch}, {@code ifSourceGenerationMatch};
 *       a failed one answers 412 like the service.
 * </ul>
 *
 * Objects live in memory. Every precondition check and the write it guards happen under one lock,
 * as the service makes them one atomic step. Point Beam at it with {@code --gcsEndpoint=}{@link
 * #endpoint()} and the Cloud Storage client with {@code setHost(}{@link #baseUrl()}{@code )}.
 */
public final class LocalGcsServer extends LocalHttpServer {
  /** An object as stored. */
  public record StoredObject(String bucket, String name, byte[] data, long generation, long metageneration,
      String contentType, Instant created, Instant updated) {}

  private record Upload(String bucket, String name, String contentType, Map<String, String> query, ByteArrayOutputStream data) {}

  private final Map<String, NavigableMap<String, StoredObject>> buckets = new TreeMap<>();
  private final Map<String, Upload> uploads = new ConcurrentHashMap<>();
  private final Map<String, CyclicBarrier> holds = new ConcurrentHashMap<>();
  private final AtomicLong generations = new AtomicLong(1_700_000_000_000_000L);
  private final AtomicLong preconditionFailures = new AtomicLong();

  /** {@link #baseUrl()} + "/storage/v1/": the value for Beam's {@code --gcsEndpoint}. */
  public String endpoint() {
    return baseUrl() + "/storage/v1/";
  }

  /** Creates an empty bucket. */
  public synchronized LocalGcsServer createBucket(String name) {
    buckets.putIfAbsent(name, new TreeMap<>());
    return this;
  }

  /** The object, if it exists. */
  public synchronized Optional<StoredObject> object(String bucket, String name) {
    NavigableMap<String, StoredObject> b = buckets.get(bucket);
    return Optional.ofNullable(b == null ? null : b.get(name));
  }

  /** Names of the objects in a bucket that start with {@code prefix}. */
  public synchronized List<String> names(String bucket, String prefix) {
    NavigableMap<String, StoredObject> b = buckets.getOrDefault(bucket, new TreeMap<>());
    return List.copyOf(b.subMap(prefix, true, prefix + Character.MAX_VALUE, false).keySet());
  }

  /** Puts an object directly (test setup). */
  public synchronized StoredObject put(String bucket, String name, byte[] data) {
    return store(bucket, name, data, "application/octet-stream");
  }

  /** How many requests were refused with 412 so far. */
  public long preconditionFailures() {
    return preconditionFailures.get();
  }

  /**
   * Holds the next {@code parties} uploads of the object {@code name} until all of them have
   * arrived, then lets them proceed together, so a test can make writers race for real.
   */
  public void raceUploadsOf(String name, int parties) {
    holds.put(name, new CyclicBarrier(parties));
  }

  @Override
  HttpCall.Response handle(HttpCall call) {
    List<String> s = call.segments();
    if (!s.isEmpty() && s.get(0).equals("download")) {
      s = s.subList(1, s.size()); // media downloads: /download/storage/v1/b/{bucket}/o/{object}?alt=media
    }
    if (s.size() >= 3 && s.get(0).equals("batch") && s.get(1).equals("storage")) {
      return BatchCodec.handle(call, this::handle, this::record);
    }
    if (s.size() >= 4 && s.get(0).equals("upload") && s.get(1).equals("storage") && s.get(3).equals("b")) {
      return upload(call, s.get(4));
    }
    if (s.size() < 3 || !s.get(0).equals("storage") || !s.get(1).equals("v1") || !s.get(2).equals("b")) {
      return HttpCall.Response.error(404, "notFound", "no such API: " + call.method + " " + call.rawPath);
    }
    if (s.size() == 4 && call.method.equals("GET")) {
      return getBucket(s.get(3));
    }
    String bucket = s.get(3);
    if (s.size() == 5 && s.get(4).equals("o") && call.method.equals("GET")) {
      return list(call, bucket);
    }
    if (s.size() == 6 && s.get(4).equals("o")) {
      String name = s.get(5);
      return switch (call.method) {
        case "GET" -> get(call, bucket, name);
        case "DELETE" -> delete(call, bucket, name);
        default -> HttpCall.Response.error(405, "methodNotAllowed", call.method + " on an object");
      };
    }
    // storage/v1/b/{bucket}/o/{object}/(rewriteTo|copyTo)/b/{bucket}/o/{object}
    if (s.size() == 11 && s.get(4).equals("o") && s.get(7).equals("b") && s.get(9).equals("o")
        && (s.get(6).equals("rewriteTo") || s.get(6).equals("copyTo")) && call.method.equals("POST")) {
      return copy(call, bucket, s.get(5), s.get(8), s.get(10), s.get(6).equals("rewriteTo"));
    }
    return HttpCall.Response.error(404, "notFound", "no such API: " + call.method + " " + call.rawPath);
  }

  private synchronized HttpCall.Response getBucket(String bucket) {
    if (!buckets.containsKey(bucket)) {
      return HttpCall.Response.error(404, "notFound", "The specified bucket does not exist.");
    }
    ObjectNode b = Json.object();
    b.put("kind", "storage#bucket");
    b.put("id", bucket);
    b.put("name", bucket);
    b.put("projectNumber", "123456789012");
    b.put("metageneration", "1");
    b.put("location", "US");
    b.put("storageClass", "STANDARD");
    b.put("timeCreated", "2024-01-01T00:00:00.000Z");
    b.put("updated", "2024-01-01T00:00:00.000Z");
    return HttpCall.Response.json(200, Json.write(b));
  }

  private synchronized HttpCall.Response get(HttpCall call, String bucket, String name) {
    if (!buckets.containsKey(bucket)) {
      return HttpCall.Response.error(404, "notFound", "The specified bucket does not exist.");
    }
    StoredObject o = buckets.get(bucket).get(name);
    HttpCall.Response failed = preconditions(call.query, o, "");
    if (failed != null) {
      return failed;
    }
    if (o == null) {
      return HttpCall.Response.error(404, "notFound", "No such object: " + bucket + "/" + name);
    }
    if (!"media".equals(call.param("alt"))) {
      return HttpCall.Response.json(200, Json.write(resource(o, call.base)));
    }
    String range = call.header("Range");
    Map<String, String> h = new LinkedHashMap<>();
    h.put("Content-Type", o.contentType());
    h.put("x-goog-generation", Long.toString(o.generation()));
    h.put("x-goog-metageneration", Long.toString(o.metageneration()));
    h.put("x-goog-stored-content-length", Integer.toString(o.data().length));
    h.put("x-goog-hash", "crc32c=" + crc32c(o.data()) + ",md5=" + md5(o.data()));
    h.put("ETag", etag(o));
    if (range == null || !range.startsWith("bytes=")) {
      return new HttpCall.Response(200, h, o.data());
    }
    String[] bounds = range.substring("bytes=".length()).split("-", -1);
    int len = o.data().length;
    int from;
    int to;
    if (bounds[0].isEmpty()) { // suffix range: the last N bytes
      from = Math.max(0, len - Integer.parseInt(bounds[1]));
      to = len - 1;
    } else {
      from = Integer.parseInt(bounds[0]);
      to = bounds[1].isEmpty() ? len - 1 : Math.min(len - 1, Integer.parseInt(bounds[1]));
    }
    if (from >= len && len > 0) {
      return HttpCall.Response.error(416, "requestedRangeNotSatisfiable", "The requested range cannot be satisfied.")
          .withHeader("Content-Range", "bytes */" + len);
    }
    byte[] part = len == 0 ? new byte[0] : java.util.Arrays.copyOfRange(o.data(), from, to + 1);
    h.put("Content-Range", "bytes " + from + "-" + to + "/" + len);
    return new HttpCall.Response(len == 0 ? 200 : 206, h, part);
  }

  private synchronized HttpCall.Response list(HttpCall call, String bucket) {
    if (!buckets.containsKey(bucket)) {
      return HttpCall.Response.error(404, "notFound", "The specified bucket does not exist.");
    }
    String prefix = call.query.getOrDefault("prefix", "");
    String delimiter = call.query.get("delimiter");
    int max = Integer.parseInt(call.query.getOrDefault("maxResults", "1000"));
    String after = call.query.get("pageToken");
    ObjectNode out = Json.object();
    out.put("kind", "storage#objects");
    ArrayNode items = out.putArray("items");
    TreeSet<String> prefixes = new TreeSet<>();
    int count = 0;
    String last = null;
    NavigableMap<String, StoredObject> from = buckets.get(bucket).tailMap(prefix, true);
    if (after != null) {
      from = from.tailMap(new String(Base64.getUrlDecoder().decode(after), StandardCharsets.UTF_8), false);
    }
    for (StoredObject o : from.values()) {
      if (!o.name().startsWith(prefix)) {
        break;
      }
      if (count == max) {
        out.put("nextPageToken", Base64.getUrlEncoder().encodeToString(last.getBytes(StandardCharsets.UTF_8)));
        break;
      }
      String rest = o.name().substring(prefix.length());
      int cut = delimiter == null || delimiter.isEmpty() ? -1 : rest.indexOf(delimiter);
      if (cut >= 0) {
        prefixes.add(prefix + rest.substring(0, cut + delimiter.length()));
      } else {
        items.add(resource(o, call.base));
      }
      count++;
      last = o.name();
    }
    if (!prefixes.isEmpty()) {
      ArrayNode p = out.putArray("prefixes");
      prefixes.forEach(p::add);
    }
    return HttpCall.Response.json(200, Json.write(out));
  }

  private synchronized HttpCall.Response delete(HttpCall call, String bucket, String name) {
    StoredObject o = buckets.getOrDefault(bucket, new TreeMap<>()).get(name);
    HttpCall.Response failed = preconditions(call.query, o, "");
    if (failed != null) {
      return failed;
    }
    if (o == null) {
      return HttpCall.Response.error(404, "notFound", "No such object: " + bucket + "/" + name);
    }
    buckets.get(bucket).remove(name);
    return HttpCall.Response.empty(204);
  }

  private synchronized HttpCall.Response copy(HttpCall call, String srcBucket, String srcName, String dstBucket,
      String dstName, boolean rewrite) {
    StoredObject src = buckets.getOrDefault(srcBucket, new TreeMap<>()).get(srcName);
    if (src == null) {
      return HttpCall.Response.error(404, "notFound", "No such object: " + srcBucket + "/" + srcName);
    }
    HttpCall.Response failed = preconditions(call.query, src, "Source");
    if (failed == null) {
      failed = preconditions(call.query, buckets.getOrDefault(dstBucket, new TreeMap<>()).get(dstName), "");
    }
    if (failed != null) {
      return failed;
    }
    if (!buckets.containsKey(dstBucket)) {
      return HttpCall.Response.error(404, "notFound", "The destination bucket does not exist.");
    }
    JsonNode meta = Json.parse(call.body);
    String type = meta.hasNonNull("contentType") ? meta.get("contentType").asText() : src.contentType();
    StoredObject copy = store(dstBucket, dstName, src.data(), type);
    if (!rewrite) {
      return HttpCall.Response.json(200, Json.write(resource(copy, call.base)));
    }
    ObjectNode r = Json.object();
    r.put("kind", "storage#rewriteResponse");
    r.put("totalBytesRewritten", Long.toString(src.data().length));
    r.put("objectSize", Long.toString(src.data().length));
    r.put("done", true);
    r.set("resource", resource(copy, call.base));
    return HttpCall.Response.json(200, Json.write(r));
  }

  private HttpCall.Response upload(HttpCall call, String bucket) {
    String id = call.param("upload_id");
    if (id != null) {
      return resumableChunk(call, id);
    }
    String type = call.query.getOrDefault("uploadType", "media");
    switch (type) {
      case "media" -> {
        String ct = call.header("Content-Type") == null ? "application/octet-stream" : call.header("Content-Type");
        return insert(call.query, bucket, call.param("name"), ct, call.body, call.base);
      }
      case "multipart" -> {
        List<Multipart.Part> parts = Multipart.parse(call.header("Content-Type"), call.body);
        if (parts.size() != 2) {
          return HttpCall.Response.error(400, "invalid", "a multipart upload has 2 parts, got " + parts.size());
        }
        JsonNode meta = Json.parse(parts.get(0).body());
        String name = meta.hasNonNull("name") ? meta.get("name").asText() : call.param("name");
        String ct = meta.hasNonNull("contentType") ? meta.get("contentType").asText()
            : parts.get(1).headers().getOrDefault("content-type", "application/octet-stream");
        return insert(call.query, bucket, name, ct, parts.get(1).body(), call.base);
      }
      case "resumable" -> {
        JsonNode meta = Json.parse(call.body);
        String name = meta.hasNonNull("name") ? meta.get("name").asText() : call.param("name");
        if (name == null) {
          return HttpCall.Response.error(400, "required", "Required object name");
        }
        String ct = meta.hasNonNull("contentType") ? meta.get("contentType").asText()
            : call.headers.getOrDefault("X-Upload-Content-Type", "application/octet-stream");
        String uploadId = UUID.randomUUID().toString().replace("-", "");
        uploads.put(uploadId, new Upload(bucket, name, ct, Map.copyOf(call.query), new ByteArrayOutputStream()));
        String location = call.base + "/upload/storage/v1/b/" + bucket + "/o?uploadType=resumable&upload_id=" + uploadId;
        return HttpCall.Response.empty(200).withHeader("Location", location);
      }
      default -> {
        return HttpCall.Response.error(400, "invalid", "unknown uploadType " + type);
      }
    }
  }

  /** One PUT of a resumable session: "Content-Range: bytes a-b/total", "bytes a-b/*", "bytes *&#47;total" or "bytes *&#47;*". */
  private HttpCall.Response resumableChunk(HttpCall call, String id) {
    Upload u = uploads.get(id);
    if (u == null) {
      return HttpCall.Response.error(404, "notFound", "No such upload session: " + id);
    }
    String range = call.header("Content-Range");
    long total = -1;
    synchronized (u) {
      if (range != null && range.startsWith("bytes ")) {
        String[] r = range.substring("bytes ".length()).split("/");
        total = r[1].equals("*") ? -1 : Long.parseLong(r[1]);
        if (!r[0].equals("*")) {
          long from = Long.parseLong(r[0].split("-")[0]);
          long have = u.data().size();
          if (from > have) {
            return HttpCall.Response.error(400, "invalid", "chunk starts at " + from + " but " + have + " bytes were received");
          }
          int skip = (int) (have - from); // a retransmitted overlap
          if (skip < call.body.length) {
            u.data().write(call.body, skip, call.body.length - skip);
          }
        }
      } else {
        u.data().writeBytes(call.body);
        total = u.data().size();
      }
      if (total < 0 || u.data().size() < total) {
        HttpCall.Response incomplete = HttpCall.Response.empty(308);
        return u.data().size() == 0 ? incomplete : incomplete.withHeader("Range", "bytes=0-" + (u.data().size() - 1));
      }
    }
    uploads.remove(id);
    return insert(u.query(), u.bucket(), u.name(), u.contentType(), u.data().toByteArray(), call.base);
  }

  private HttpCall.Response insert(Map<String, String> query, String bucket, String name, String contentType, byte[] data,
      String base) {
    if (name == null || name.isEmpty()) {
      return HttpCall.Response.error(400, "required", "Required object name");
    }
    awaitRace(name);
    StringBuilder line = new StringBuilder("insert " + bucket + "/" + name);
    query.forEach((k, v) -> {
      if (k.startsWith("if")) {
        line.append(' ').append(k).append('=').append(v);
      }
    });
    record(line.toString());
    synchronized (this) {
      if (!buckets.containsKey(bucket)) {
        return HttpCall.Response.error(404, "notFound", "The specified bucket does not exist.");
      }
      HttpCall.Response failed = preconditions(query, buckets.get(bucket).get(name), "");
      if (failed != null) {
        return failed;
      }
      return HttpCall.Response.json(200, Json.write(resource(store(bucket, name, data, contentType), base)));
    }
  }

  private void awaitRace(String name) {
    CyclicBarrier barrier = holds.get(name);
    if (barrier == null) {
      return;
    }
    try {
      barrier.await(20, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (BrokenBarrierException | TimeoutException e) {
      throw new IllegalStateException("the racing uploads of " + name + " did not all arrive", e);
    }
    holds.remove(name, barrier);
  }

  /** Null if the {@code if<Source>Generation...} conditions hold for {@code o} (null = no such object), else a 412. */
  private HttpCall.Response preconditions(Map<String, String> q, StoredObject o, String source) {
    long generation = o == null ? 0 : o.generation();
    String match = q.get("if" + source + "GenerationMatch");
    String notMatch = q.get("if" + source + "GenerationNotMatch");
    String metaMatch = q.get("if" + source + "MetagenerationMatch");
    boolean ok = (match == null || Long.parseLong(match) == generation)
        && (notMatch == null || Long.parseLong(notMatch) != generation)
        && (metaMatch == null || (o != null && Long.parseLong(metaMatch) == o.metageneration()));
    if (ok) {
      return null;
    }
    if (o == null && match != null && !match.equals("0")) {
      return HttpCall.Response.error(404, "notFound", "No such object");
    }
    preconditionFailures.incrementAndGet();
    return HttpCall.Response.error(412, "conditionNotMet", "At least one of the pre-conditions you specified did not hold.");
  }

  private synchronized StoredObject store(String bucket, String name, byte[] data, String contentType) {
    Instant now = Instant.ofEpochMilli(System.currentTimeMillis());
    NavigableMap<String, StoredObject> b = buckets.computeIfAbsent(bucket, k -> new TreeMap<>());
    StoredObject o = new StoredObject(bucket, name, data.clone(), generations.incrementAndGet(), 1,
        contentType == null ? "application/octet-stream" : contentType, now, now);
    b.put(name, o);
    return o;
  }

  private static ObjectNode resource(StoredObject o, String base) {
    ObjectNode r = Json.object();
    r.put("kind", "storage#object");
    r.put("id", o.bucket() + "/" + o.name() + "/" + o.generation());
    r.put("selfLink", base + "/storage/v1/b/" + o.bucket() + "/o/" + urlEncode(o.name()));
    r.put("mediaLink", base + "/download/storage/v1/b/" + o.bucket() + "/o/" + urlEncode(o.name())
        + "?generation=" + o.generation() + "&alt=media");
    r.put("name", o.name());
    r.put("bucket", o.bucket());
    r.put("generation", Long.toString(o.generation()));
    r.put("metageneration", Long.toString(o.metageneration()));
    r.put("contentType", o.contentType());
    r.put("storageClass", "STANDARD");
    r.put("size", Integer.toString(o.data().length));
    r.put("md5Hash", md5(o.data()));
    r.put("crc32c", crc32c(o.data()));
    r.put("etag", etag(o));
    r.put("timeCreated", o.created().toString());
    r.put("updated", o.updated().toString());
    r.put("timeStorageClassUpdated", o.created().toString());
    return r;
  }

  private static String etag(StoredObject o) {
    return "\"" + Long.toHexString(o.generation()) + "\"";
  }

  static String urlEncode(String s) {
    return java.net.URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
  }

  private static String md5(byte[] data) {
    try {
      return Base64.getEncoder().encodeToString(MessageDigest.getInstance("MD5").digest(data));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String crc32c(byte[] data) {
    CRC32C crc = new CRC32C();
    crc.update(data);
    return Base64.getEncoder().encodeToString(ByteBuffer.allocate(4).putInt((int) crc.getValue()).array());
  }
}
