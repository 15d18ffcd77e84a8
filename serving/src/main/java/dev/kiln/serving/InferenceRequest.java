package dev.kiln.serving;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.apache.beam.sdk.values.Row;

/**
 * An inference request read against one served model: its raw rows, and which form it came in. Two
 * forms are read:
 *
 * <ul>
 *   <li>Open Inference Protocol (KServe v2): an object with {@code inputs}, one tensor per input column,
 *       {@code {"name": "fare", "datatype": "FP64", "shape": [2], "data": [7.25, 12.0]}} (shape
 *       {@code [n]} or {@code [n, 1]}; data flat or nested), optionally {@code id}, {@code parameters}
 *       and {@code outputs} (the output tensors wanted);
 *   <li>records: a JSON list of objects, one per row, {@code [{"fare": 7.25, "company": "Flash Cab", ...}]}.
 * </ul>
 *
 * Every input must be given once, none other; a value must fit its input's type (a JSON {@code null}
 * only where the column is nullable). Anything else is a {@link BadRequest} naming the input and row.
 *
 * @param rows the raw rows, in request order
 * @param v2 whether the request was a v2 one (the response then is too)
 * @param id the v2 request id, echoed in the response; null when absent
 * @param outputs the v2 outputs asked for; null for all
 */
public record InferenceRequest(List<Row> rows, boolean v2, String id, List<String> outputs) {
  private static final ObjectMapper MAPPER = new ObjectMapper()
      .enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY)
      .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
  private static final Set<String> V2_KEYS = Set.of("id", "parameters", "inputs", "outputs");
  private static final Set<String> TENSOR_KEYS = Set.of("name", "datatype", "shape", "data", "parameters");

  /** Reads a request body (JSON, UTF-8) for {@code model}. */
  public static InferenceRequest read(byte[] body, ServedModel model) {
    JsonNode root;
    try {
      root = MAPPER.readTree(body);
    } catch (JsonProcessingException e) {
      throw BadRequest.of("the body is not valid JSON: " + oneLine(e.getOriginalMessage())
          + (e.getLocation() == null ? "" : " (line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr() + ")"));
    } catch (IOException e) {
      throw BadRequest.of("the body cannot be read as JSON: " + oneLine(e.getMessage()));
    }
    if (root == null || root.isMissingNode()) {
      throw BadRequest.of("the body is empty; send a v2 inference request {\"inputs\": [...]} or a JSON list of records");
    }
    if (root.isArray()) {
      return new InferenceRequest(records(root, model), false, null, null);
    }
    if (root.isObject()) {
      return v2(root, model);
    }
    throw BadRequest.of("the body is " + root.getNodeType().name().toLowerCase() + "; send a v2 inference request {\"inputs\": [...]} or a JSON list of records");
  }

  private static List<Row> records(JsonNode list, ServedModel model) {
    if (list.isEmpty()) {
      throw BadRequest.of("the list of records is empty");
    }
    List<ServedInput> inputs = model.inputs();
    List<Row> rows = new ArrayList<>(list.size());
    for (int r = 0; r < list.size(); r++) {
      JsonNode record = list.get(r);
      if (!record.isObject()) {
        throw BadRequest.of("record " + r + " is not a JSON object; each record maps input names to values");
      }
      if (record.size() != inputs.size()) {
        checkKeys(record, model, "record " + r);
      }
      Object[] values = new Object[inputs.size()];
      for (int i = 0; i < values.length; i++) {
        ServedInput in = inputs.get(i);
        JsonNode v = record.get(in.name());
        if (v == null) {
          checkKeys(record, model, "record " + r);
        }
        values[i] = in.value(v, "record " + r + " key '" + in.name() + "'");
      }
      rows.add(model.row(values));
    }
    return rows;
  }

  /** Fails naming the missing and the unknown keys of a record. */
  private static void checkKeys(JsonNode record, ServedModel model, String where) {
    Set<String> missing = new TreeSet<>();
    model.inputs().forEach(i -> missing.add(i.name()));
    Set<String> extra = new TreeSet<>();
    record.fieldNames().forEachRemaining(k -> {
      if (!missing.remove(k)) {
        extra.add(k);
      }
    });
    if (!extra.isEmpty()) {
      throw BadRequest.of(where + " has " + (extra.size() == 1 ? "a key that is not an input: " : "keys that are not inputs: ")
          + extra + "; the model's inputs are " + names(model));
    }
    if (!missing.isEmpty()) {
      throw BadRequest.of(where + " misses " + (missing.size() == 1 ? "the input " : "the inputs ") + missing
          + "; send null for a value that is missing (where the input is nullable)");
    }
  }

  private static InferenceRequest v2(JsonNode root, ServedModel model) {
    for (Iterator<String> it = root.fieldNames(); it.hasNext(); ) {
      String k = it.next();
      if (!V2_KEYS.contains(k)) {
        throw BadRequest.of("the request has an unknown key '" + k + "'; a v2 inference request has " + new TreeSet<>(V2_KEYS));
      }
    }
    JsonNode inputs = root.get("inputs");
    if (inputs == null) {
      throw BadRequest.of("the request has no 'inputs'; send {\"inputs\": [{\"name\", \"datatype\", \"shape\", \"data\"}, ...]} or a JSON list of records");
    }
    if (!inputs.isArray() || inputs.isEmpty()) {
      throw BadRequest.of("'inputs' must be a non-empty list of tensors");
    }
    String id = null;
    if (root.has("id")) {
      if (!root.get("id").isTextual()) {
        throw BadRequest.of("'id' must be a string");
      }
      id = root.get("id").textValue();
    }
    List<String> outputs = outputs(root.get("outputs"), model);

    int width = model.inputs().size();
    JsonNode[] tensors = new JsonNode[width];
    int rows = -1;
    for (int t = 0; t < inputs.size(); t++) {
      JsonNode tensor = inputs.get(t);
      if (!tensor.isObject()) {
        throw BadRequest.of("inputs[" + t + "] is not a tensor object");
      }
      for (Iterator<String> it = tensor.fieldNames(); it.hasNext(); ) {
        String k = it.next();
        if (!TENSOR_KEYS.contains(k)) {
          throw BadRequest.of("inputs[" + t + "] has an unknown key '" + k + "'; a tensor has " + new TreeSet<>(TENSOR_KEYS));
        }
      }
      JsonNode nameNode = tensor.get("name");
      if (nameNode == null || !nameNode.isTextual()) {
        throw BadRequest.of("inputs[" + t + "] has no 'name' (a string)");
      }
      String name = nameNode.textValue();
      int at = model.position(name);
      if (at < 0) {
        throw BadRequest.of("input '" + name + "' is not an input of model '" + model.name() + "'; its inputs are " + names(model));
      }
      if (tensors[at] != null) {
        throw BadRequest.of("input '" + name + "' is given twice");
      }
      ServedInput in = model.inputs().get(at);
      JsonNode datatype = tensor.get("datatype");
      if (datatype == null || !datatype.isTextual()) {
        throw BadRequest.of("input '" + name + "' has no 'datatype'; it is " + in.datatype());
      }
      if (!datatype.textValue().equals(in.datatype())) {
        throw BadRequest.of("input '" + name + "' has datatype " + datatype.textValue() + ", but the model takes " + in.datatype());
      }
      int n = rowsOf(name, tensor.get("shape"));
      if (rows >= 0 && n != rows) {
        throw BadRequest.of("input '" + name + "' has " + n + " rows, another input " + rows + "; every input needs the same number of rows");
      }
      rows = n;
      JsonNode data = tensor.get("data");
      if (data == null || !data.isArray()) {
        throw BadRequest.of("input '" + name + "' has no 'data' list");
      }
      JsonNode flat = flatten(data);
      if (flat.size() != n) {
        throw BadRequest.of("input '" + name + "' has shape [" + n + "] but " + flat.size() + " values in 'data'");
      }
      tensors[at] = flat;
    }
    List<String> missing = new ArrayList<>();
    for (int i = 0; i < width; i++) {
      if (tensors[i] == null) {
        missing.add(model.inputs().get(i).name());
      }
    }
    if (!missing.isEmpty()) {
      throw BadRequest.of("the request misses " + (missing.size() == 1 ? "the input " : "the inputs ") + missing + " of model '" + model.name() + "'");
    }
    List<Row> out = new ArrayList<>(rows);
    for (int r = 0; r < rows; r++) {
      Object[] values = new Object[width];
      for (int i = 0; i < width; i++) {
        ServedInput in = model.inputs().get(i);
        values[i] = in.value(tensors[i].get(r), "input '" + in.name() + "' row " + r);
      }
      out.add(model.row(values));
    }
    return new InferenceRequest(out, true, id, outputs);
  }

  private static List<String> outputs(JsonNode node, ServedModel model) {
    if (node == null) {
      return null;
    }
    if (!node.isArray()) {
      throw BadRequest.of("'outputs' must be a list of {\"name\": ...}");
    }
    List<String> wanted = new ArrayList<>();
    for (JsonNode o : node) {
      JsonNode name = o.isObject() ? o.get("name") : null;
      if (name == null || !name.isTextual()) {
        throw BadRequest.of("each of 'outputs' needs a 'name'; the model's outputs are " + model.outputs());
      }
      if (!model.outputs().contains(name.textValue())) {
        throw BadRequest.of("output '" + name.textValue() + "' is not an output of model '" + model.name() + "'; its outputs are " + model.outputs());
      }
      wanted.add(name.textValue());
    }
    return wanted;
  }

  /** The number of rows of a tensor of shape [n] or [n, 1]. */
  private static int rowsOf(String name, JsonNode shape) {
    if (shape == null || !shape.isArray() || shape.isEmpty() || shape.size() > 2) {
      throw BadRequest.of("input '" + name + "' needs a 'shape' of [rows] or [rows, 1]");
    }
    for (JsonNode d : shape) {
      if (!d.isIntegralNumber() || !d.canConvertToInt() || d.intValue() < 0) {
        throw BadRequest.of("input '" + name + "' has shape " + shape + "; dimensions are whole numbers >= 0");
      }
    }
    if (shape.size() == 2 && shape.get(1).intValue() != 1) {
      throw BadRequest.of("input '" + name + "' has shape " + shape + "; each input is one column: [rows] or [rows, 1]");
    }
    int n = shape.get(0).intValue();
    if (n == 0) {
      throw BadRequest.of("input '" + name + "' has no rows (shape " + shape + ")");
    }
    return n;
  }

  /** Row-major data may be nested ([[1], [2]]) or flat ([1, 2]): the flat list of values. */
  private static JsonNode flatten(JsonNode data) {
    boolean nested = false;
    for (JsonNode v : data) {
      if (v.isArray()) {
        nested = true;
        break;
      }
    }
    if (!nested) {
      return data;
    }
    com.fasterxml.jackson.databind.node.ArrayNode flat = MAPPER.createArrayNode();
    flattenInto(data, flat);
    return flat;
  }

  private static void flattenInto(JsonNode data, com.fasterxml.jackson.databind.node.ArrayNode flat) {
    for (JsonNode v : data) {
      if (v.isArray()) {
        flattenInto(v, flat);
      } else {
        flat.add(v);
      }
    }
  }

  private static List<String> names(ServedModel model) {
    return model.inputs().stream().map(ServedInput::name).toList();
  }

  private static String oneLine(String s) {
    return s == null ? "" : s.replaceAll("\\s+", " ").trim();
  }

  /** The mapper that reads bodies (shared: thread-safe once configured). */
  static ObjectMapper mapper() {
    return MAPPER;
  }
}
