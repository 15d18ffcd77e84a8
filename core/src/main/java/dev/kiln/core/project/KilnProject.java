package dev.kiln.core.project;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.kiln.core.spec.SpecException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * A Kiln project: the folder holding {@code .kiln/config.yaml}, which names the metadata store and the
 * artifact root. Relative paths in pipelines and in the config are resolved against the project folder.
 *
 * <pre>
 * metadata: jdbc:sqlite:.kiln/metadata.db     # or jdbc:postgresql://host:5432/kiln
 * artifacts: .kiln/artifacts                  # or gs://bucket/prefix
 * </pre>
 *
 * The metadata password, when one is needed, comes from the environment variable
 * {@code KILN_METADATA_PASSWORD}, never from the file.
 */
public record KilnProject(Path dir, String metadataUrl, String metadataUser, String artifactRoot) {
  public static final String FOLDER = ".kiln";
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  /** The project whose folder is {@code start} or its nearest ancestor with a {@code .kiln} folder. */
  public static Optional<KilnProject> find(Path start) {
    for (Path p = start.toAbsolutePath().normalize(); p != null; p = p.getParent()) {
      if (Files.isRegularFile(p.resolve(FOLDER).resolve("config.yaml"))) {
        return Optional.of(load(p));
      }
    }
    return Optional.empty();
  }

  /** Creates {@code .kiln/} with the default config (embedded SQLite store, local artifact root) if absent. */
  public static KilnProject init(Path dir) {
    Path kiln = dir.toAbsolutePath().normalize().resolve(FOLDER);
    Path config = kiln.resolve("config.yaml");
    try {
      Files.createDirectories(kiln.resolve("artifacts"));
      if (!Files.exists(config)) {
        Files.writeString(config, """
            # Kiln project settings. Relative paths are relative to the project folder.
            # metadata: a JDBC URL; jdbc:sqlite:FILE (embedded) or jdbc:postgresql://HOST:PORT/DB
            # (user in metadata_user, password in the environment variable KILN_METADATA_PASSWORD)
            metadata: jdbc:sqlite:.kiln/metadata.db
            # artifacts: the artifact root; a folder, or gs://bucket/prefix
            artifacts: .kiln/artifacts
            """);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create " + kiln + ": " + e.getMessage(), e);
    }
    return load(dir.toAbsolutePath().normalize());
  }

  static KilnProject load(Path dir) {
    Path config = dir.resolve(FOLDER).resolve("config.yaml");
    JsonNode root;
    try {
      root = YAML.readTree(config.toFile());
    } catch (IOException e) {
      throw new SpecException(config + ": not valid YAML: " + e.getMessage());
    }
    if (root == null || !root.isObject()) {
      throw new SpecException(config + ": expected keys metadata and artifacts");
    }
    String metadata = text(root, "metadata", "jdbc:sqlite:.kiln/metadata.db");
    String user = root.hasNonNull("metadata_user") ? root.get("metadata_user").asText() : null;
    String artifacts = text(root, "artifacts", ".kiln/artifacts");
    if (metadata.startsWith("jdbc:sqlite:") && !metadata.startsWith("jdbc:sqlite::memory:")) {
      String file = metadata.substring("jdbc:sqlite:".length());
      if (!Path.of(file).isAbsolute()) {
        metadata = "jdbc:sqlite:" + dir.resolve(file).normalize();
      }
    } else if (!metadata.startsWith("jdbc:")) {
      throw new SpecException(config + ": key 'metadata': expected a JDBC URL such as jdbc:sqlite:.kiln/metadata.db");
    }
    if (!artifacts.contains("://") && !Path.of(artifacts).isAbsolute()) {
      artifacts = dir.resolve(artifacts).normalize().toString();
    }
    return new KilnProject(dir, metadata, user, artifacts);
  }

  private static String text(JsonNode root, String key, String fallback) {
    JsonNode v = root.get(key);
    return v == null || v.isNull() ? fallback : v.asText();
  }

  /** The metadata password from the environment, or null. */
  public String metadataPassword() {
    return System.getenv("KILN_METADATA_PASSWORD");
  }
}
