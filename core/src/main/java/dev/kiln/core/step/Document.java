package dev.kiln.core.step;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.apache.beam.sdk.transforms.View;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionView;

/**
 * One document inside one Beam pipeline: a {@code PCollection<String>} holding exactly one element,
 * the document's JSON text, and the kind of artifact it is ({@link ArtifactKind}). Statistics, schemas,
 * anomalies, transform graphs, models, metrics and blessings are documents.
 *
 * <p>Documents are small next to the data (kilobytes to a few megabytes), so a step reads one as a
 * side input ({@link #asView}); Kiln commits it as a single file whose fingerprint is the sha256 of
 * its bytes. Producers should write canonical JSON (sorted keys, no time stamps) so the same inputs
 * give the same fingerprint and downstream steps stay cached.
 */
public final class Document implements PortValue {
  private final String kind;
  private final PCollection<String> json;
  private final List<PCollection<?>> commitAfter;

  private Document(String kind, PCollection<String> json, List<PCollection<?>> commitAfter) {
    if (!ArtifactKind.isDocument(Objects.requireNonNull(kind, "kind"))) {
      throw new IllegalArgumentException("a Document cannot be of kind " + kind + "; use DatasetRows");
    }
    this.kind = kind;
    this.json = Objects.requireNonNull(json, "json");
    this.commitAfter = List.copyOf(commitAfter);
  }

  /** A document of {@code kind} whose content is the single element of {@code json}. */
  public static Document of(String kind, PCollection<String> json) {
    return new Document(kind, json, List.of());
  }

  /** A copy whose commit also waits for {@code gate} to complete. */
  public Document commitAfter(PCollection<?> gate) {
    List<PCollection<?>> gates = new ArrayList<>(commitAfter);
    gates.add(gate);
    return new Document(kind, json, gates);
  }

  @Override
  public String kind() {
    return kind;
  }

  /** The JSON text, one element. */
  public PCollection<String> json() {
    return json;
  }

  /** The JSON text as a singleton side input; {@code name} must be unique in the pipeline. */
  public PCollectionView<String> asView(String name) {
    return json.apply(name, View.asSingleton());
  }

  @Override
  public List<PCollection<?>> commitAfter() {
    return commitAfter;
  }
}
