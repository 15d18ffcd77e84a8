package dev.kiln.ml.evaluate;

import java.io.Serializable;

/**
 * The baseline a candidate was compared with: the newest model pushed to {@code path}.
 *
 * @param path the push destination as configured ({@code baseline: { path: ... }})
 * @param version the pushed version, or null when nothing has been pushed there yet
 * @param fingerprint hex SHA-256 of the baseline's model.json, or null with no version
 */
public record BaselineRef(String path, String version, String fingerprint) implements Serializable {
  /** Whether a pushed model was found. */
  public boolean found() {
    return version != null;
  }
}
