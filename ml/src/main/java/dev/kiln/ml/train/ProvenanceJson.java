package dev.kiln.ml.train;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.oracle.labs.mlrg.olcut.provenance.ListProvenance;
import com.oracle.labs.mlrg.olcut.provenance.MapProvenance;
import com.oracle.labs.mlrg.olcut.provenance.ObjectProvenance;
import com.oracle.labs.mlrg.olcut.provenance.PrimitiveProvenance;
import com.oracle.labs.mlrg.olcut.provenance.Provenance;
import com.oracle.labs.mlrg.olcut.util.Pair;
import java.util.Set;
import org.tribuo.Model;
import org.tribuo.provenance.DatasetProvenance;
import org.tribuo.provenance.ModelProvenance;

/**
 * A summary of a Tribuo model's provenance as JSON: the model class, the Tribuo version, the trainer
 * with every configured setting (nested trainers included), and the dataset's size. Entries that
 * differ from run to run for the same data and settings (times, host, JVM, operating system) are left
 * out, so the model document stays the same bytes.
 */
final class ProvenanceJson {
  /** Provenance keys whose values describe the machine or the moment, not the model. */
  private static final Set<String> VOLATILE = Set.of("trained-at", "datasource-creation-time", "host-short-name",
      "java-version", "os-name", "os-arch", "creation-time", "file-modified-time", "resource-hash");

  private ProvenanceJson() {}

  static ObjectNode summary(Model<?> model) {
    ModelProvenance p = model.getProvenance();
    ObjectNode node = JsonNodeFactory.instance.objectNode();
    node.put("modelClass", p.getClassName());
    node.put("tribuoVersion", p.getTribuoVersion());
    node.set("trainer", toJson(p.getTrainerProvenance()));
    DatasetProvenance data = p.getDatasetProvenance();
    node.put("examples", data.getNumExamples());
    node.put("features", data.getNumFeatures());
    node.put("outputs", data.getNumOutputs());
    return node;
  }

  static JsonNode toJson(Provenance p) {
    JsonNodeFactory f = JsonNodeFactory.instance;
    if (p instanceof ObjectProvenance o) {
      ObjectNode node = f.objectNode();
      for (Pair<String, Provenance> e : o) {
        if (!VOLATILE.contains(e.getA())) {
          node.set(e.getA(), toJson(e.getB()));
        }
      }
      return node;
    }
    if (p instanceof ListProvenance<?> l) {
      ArrayNode arr = f.arrayNode();
      for (Provenance e : l) {
        arr.add(toJson(e));
      }
      return arr;
    }
    if (p instanceof MapProvenance<?> m) {
      ObjectNode node = f.objectNode();
      for (Pair<String, ? extends Provenance> e : m) {
        if (!VOLATILE.contains(e.getA())) {
          node.set(e.getA(), toJson(e.getB()));
        }
      }
      return node;
    }
    if (p instanceof PrimitiveProvenance<?> prim) {
      Object v = prim.getValue();
      return v == null ? f.nullNode() : f.textNode(v.toString());
    }
    return f.textNode(String.valueOf(p));
  }
}
