package dev.kiln.core.artifact;

import dev.kiln.core.io.avro.AvroSchemas;
import java.io.Serializable;
import java.util.List;
import java.util.Optional;
import org.apache.avro.Schema;

/**
 * The {@code _MANIFEST.json} of a committed artifact: what the artifact holds and how to check that
 * its files are still as written. Written last, so its presence means "committed". A Dataset lists its
 * data files per split, with the rows' schema and format; a document (any other kind: statistics, a
 * model, ...) has one unnamed split with one file, {@code format} and {@code avroSchema} null, one
 * record, and the sha256 of the file as its fingerprint.
 *
 * <p>Serialized by {@link ArtifactStore} as canonical pretty JSON (keys sorted; the Avro schema
 * embedded as a JSON object) through Jackson's tree model, see {@code ManifestJson}. {@link #location()} is where it was read from and is not part of the
 * JSON, so an artifact store can be copied elsewhere and still read.
 *
 * @param manifestVersion version of this file's layout ({@value #MANIFEST_VERSION})
 * @param kind the artifact type, "Dataset" or a document kind (see {@code dev.kiln.core.step.ArtifactKind})
 * @param format the files' format; null for a document
 * @param avroSchema the Avro schema JSON of the rows (also for TFRecord, to carry exact types); null for a document
 * @param records total record count over all splits
 * @param fingerprint content fingerprint of the whole dataset (see {@link RowFingerprint})
 * @param splits per split, sorted by name; an unsplit dataset has one split named ""
 * @param producer the execution that wrote it
 * @param kilnVersion version of Kiln that wrote it
 * @param committedAt ISO-8601 instant of the commit
 * @param location the artifact directory it was read from, or null for one not read from a store
 */
public record Manifest(
    int manifestVersion,
    String kind,
    DatasetFormat format,
    String avroSchema,
    long records,
    String fingerprint,
    List<SplitEntry> splits,
    Producer producer,
    String kilnVersion,
    String committedAt,
    String location)
    implements Serializable {

  /** The layout version this code writes. */
  public static final int MANIFEST_VERSION = 1;
  /** The Kiln version recorded in manifests written by this build. */
  public static final String KILN_VERSION = "0.1.0-SNAPSHOT";
  /** The artifact kind of a dataset. */
  public static final String DATASET = "Dataset";

  public Manifest {
    require(kind, "kind");
    if (DATASET.equals(kind)) {
      require(format, "format");
      require(avroSchema, "avroSchema");
    }
    require(fingerprint, "fingerprint");
    require(splits, "splits");
    require(producer, "producer");
    require(kilnVersion, "kilnVersion");
    require(committedAt, "committedAt");
    if (manifestVersion != MANIFEST_VERSION) {
      throw new IllegalArgumentException(
          "manifestVersion " + manifestVersion + " is not supported (this Kiln reads " + MANIFEST_VERSION + ")");
    }
    splits = List.copyOf(splits);
  }

  static void require(Object value, String field) {
    if (value == null) {
      throw new IllegalArgumentException("field '" + field + "' is missing");
    }
  }

  /** The files and counts of one split. */
  public record SplitEntry(String name, long records, String fingerprint, List<FileEntry> files)
      implements Serializable {
    public SplitEntry {
      require(name, "splits[].name");
      require(fingerprint, "splits[].fingerprint");
      require(files, "splits[].files");
      files = List.copyOf(files);
    }
  }

  /**
   * One data file.
   *
   * @param path relative to the artifact directory, '/'-separated
   * @param sizeBytes size when committed
   * @param modifiedMillis modification time when committed, as the file system reports it
   * @param sha256 hex SHA-256 of the content
   */
  public record FileEntry(String path, long sizeBytes, long modifiedMillis, String sha256) implements Serializable {
    public FileEntry {
      require(path, "files[].path");
      require(sha256, "files[].sha256");
      if (path.startsWith("/") || path.contains("..")) {
        throw new IllegalArgumentException("file path '" + path + "' must be relative to the artifact");
      }
    }
  }

  /** The execution that produced the artifact. */
  public record Producer(String pipeline, String step, String port, long executionId) implements Serializable {
    public Producer {
      require(pipeline, "producer.pipeline");
      require(step, "producer.step");
      require(port, "producer.port");
    }
  }

  /** The same manifest located at {@code artifactUri}. */
  public Manifest withLocation(String artifactUri) {
    return new Manifest(manifestVersion, kind, format, avroSchema, records, fingerprint, splits, producer,
        kilnVersion, committedAt, artifactUri);
  }

  /** Whether this is a document (one JSON file) rather than a Dataset. */
  public boolean isDocument() {
    return !DATASET.equals(kind);
  }

  /** The path of a document's file, relative to the artifact directory. */
  public String documentPath() {
    if (!isDocument()) {
      throw new IllegalStateException("a Dataset has no document file");
    }
    return splits.get(0).files().get(0).path();
  }

  /** The split named {@code name} ("" for an unsplit dataset). */
  public Optional<SplitEntry> split(String name) {
    return splits.stream().filter(s -> s.name().equals(name)).findFirst();
  }

  /** Split names in order. */
  public List<String> splitNames() {
    return splits.stream().map(SplitEntry::name).toList();
  }

  /** The rows' Beam schema, from the recorded Avro schema, with the column names as written. */
  public org.apache.beam.sdk.schemas.Schema beamSchema() {
    return AvroSchemas.toBeam(new Schema.Parser().parse(avroSchema));
  }

  /** The fingerprint of a dataset with these splits: sha256 over split names and fingerprints, in name order. */
  public static String datasetFingerprint(List<SplitEntry> splits) {
    return CommitFn.datasetFingerprint(splits);
  }

  /**
   * Hex SHA-256 of this manifest's canonical JSON, which is the committed file's content byte for
   * byte. Recorded in the metadata store when the artifact is registered, so that a manifest edited
   * afterwards (a file dropped from a list, a changed record count or fingerprint) is not trusted.
   */
  public String contentSha256() {
    return dev.kiln.core.fingerprint.Sha256.hex(ManifestJson.write(this));
  }

  /**
   * What in this manifest contradicts itself, or null: the total record count must be the sum of the
   * splits', a dataset's fingerprint must be the one its split fingerprints give, and a document's
   * fingerprint must be its file's sha256. Cheap (no file is read); catches hand edits of counts and
   * fingerprints even where no sha256 of the manifest was recorded.
   */
  public String inconsistency() {
    long sum = splits.stream().mapToLong(SplitEntry::records).sum();
    if (sum != records) {
      return "records is " + records + " but its splits hold " + sum;
    }
    if (isDocument()) {
      if (splits.size() != 1 || splits.get(0).files().size() != 1) {
        return "a " + kind + " document must have exactly one file";
      }
      if (!fingerprint.equals(splits.get(0).files().get(0).sha256())) {
        return "fingerprint is not the sha256 of its document file";
      }
    } else if (!fingerprint.equals(CommitFn.datasetFingerprint(splits))) {
      return "fingerprint does not match the fingerprints of its splits";
    }
    return null;
  }

  /** True when both describe the same content in the same files (commit time and location aside). */
  public boolean sameContentAs(Manifest other) {
    return kind.equals(other.kind) && format == other.format && java.util.Objects.equals(avroSchema, other.avroSchema)
        && records == other.records
        && fingerprint.equals(other.fingerprint) && splits.equals(other.splits)
        && producer.equals(other.producer);
  }
}
