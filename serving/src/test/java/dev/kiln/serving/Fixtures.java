package dev.kiln.serving;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * Model documents saved from a real Kiln run of {@link Penguins#PIPELINE} (the models of its
 * {@code species} and {@code adelie} steps), so the tests of the HTTP side start in milliseconds. The
 * parity test makes its models afresh; these only have to be models this Kiln reads, which
 * {@link dev.kiln.ml.model.ModelDocument} checks when they are loaded.
 */
final class Fixtures {
  private Fixtures() {}

  /** A multiclass (species 0/1/2) model. */
  static String multiclass() {
    return read("/models/penguins-multiclass.json");
  }

  /** A binary (is_adelie) model, on the same inputs. */
  static String binary() {
    return read("/models/penguins-binary.json");
  }

  private static String read(String resource) {
    try (InputStream in = Fixtures.class.getResourceAsStream(resource)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
