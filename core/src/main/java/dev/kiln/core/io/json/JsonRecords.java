package dev.kiln.core.io.json;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.kiln.core.io.SourceFormatException;
import java.io.BufferedInputStream;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.channels.Channels;
import java.nio.charset.StandardCharsets;
import org.apache.beam.sdk.io.Compression;
import org.apache.beam.sdk.io.FileSystems;
import org.apache.beam.sdk.io.fs.ResourceId;

/**
 * The records of one JSON file, one at a time: a JSON array of objects ({@code [ {...}, {...} ]}, as
 * many tools export) or JSON Lines (one object per line). Which one is decided by the first
 * character that is not white space. A record that is not an object, or a JSON Lines line that is
 * not valid JSON, is handed out with its {@link #problem()} (the read rejects it); an array that is
 * not valid JSON cannot be read on past the error and throws, naming the file and line.
 */
final class JsonRecords implements AutoCloseable {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private final String name;
  private final BufferedReader lines;
  private final JsonParser array;
  private JsonNode record;
  private String text;
  private String problem;
  private long line;

  private JsonRecords(String name, BufferedReader lines, JsonParser array) {
    this.name = name;
    this.lines = lines;
    this.array = array;
  }

  static InputStream open(ResourceId file) throws IOException {
    Compression compression = Compression.detect(file.getFilename() == null ? "" : file.getFilename());
    return Channels.newInputStream(compression.readDecompressed(FileSystems.open(file)));
  }

  /** Reads {@code in} (closed with this) as a JSON array or JSON Lines; {@code name} is for messages. */
  static JsonRecords open(String name, InputStream in) throws IOException {
    BufferedInputStream buffered = new BufferedInputStream(in, 1 << 16);
    buffered.mark(1 << 16);
    int c;
    do {
      c = buffered.read();
    } while (c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == 0xEF || c == 0xBB || c == 0xBF);
    buffered.reset();
    if (c == '[') {
      JsonParser p = MAPPER.getFactory().createParser(buffered);
      p.nextToken(); // START_ARRAY
      return new JsonRecords(name, null, p);
    }
    return new JsonRecords(name, new BufferedReader(new InputStreamReader(buffered, StandardCharsets.UTF_8)), null);
  }

  /** Moves to the next record; false at the end of the file. */
  boolean next() throws IOException {
    record = null;
    problem = null;
    return array != null ? nextElement() : nextLine();
  }

  private boolean nextLine() throws IOException {
    String l;
    do {
      l = lines.readLine();
      line++;
      if (l == null) {
        return false;
      }
    } while (l.isBlank());
    if (line == 1 && l.charAt(0) == '\uFEFF') {
      l = l.substring(1);
    }
    text = l;
    try {
      JsonNode node = MAPPER.readTree(l);
      if (node != null && node.isObject()) {
        record = node;
      } else {
        problem = "expected a JSON object, found " + (node == null ? "nothing" : node.getNodeType().name().toLowerCase());
      }
    } catch (JsonProcessingException e) {
      problem = "not valid JSON: " + e.getOriginalMessage().lines().findFirst().orElse("");
    }
    return true;
  }

  private boolean nextElement() throws IOException {
    try {
      JsonToken t = array.nextToken();
      if (t == null || t == JsonToken.END_ARRAY) {
        return false;
      }
      line = array.currentTokenLocation().getLineNr();
      JsonNode node = MAPPER.readTree(array);
      text = node.toString();
      if (node.isObject()) {
        record = node;
      } else {
        problem = "expected a JSON object, found " + node.getNodeType().name().toLowerCase();
      }
      return true;
    } catch (JsonProcessingException e) {
      var loc = e.getLocation();
      throw new SourceFormatException(name + (loc == null ? "" : ":" + loc.getLineNr()) + ": not valid JSON: "
          + e.getOriginalMessage().lines().findFirst().orElse("") + "; a JSON array must be valid as a whole"
          + " (JSON Lines, one object per line, rejects only the bad lines)", e);
    }
  }

  /** The record, or null when it has a {@link #problem()}. */
  JsonNode record() {
    return record;
  }

  String problem() {
    return problem;
  }

  /** The record as text (its line, or the element re-serialized). */
  String text() {
    return text;
  }

  /** The line the record starts on (1-based). */
  long line() {
    return line;
  }

  @Override
  public void close() throws IOException {
    if (array != null) {
      array.close();
    } else {
      lines.close();
    }
  }
}
