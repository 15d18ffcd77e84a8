package dev.kiln.core.fingerprint;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * SHA-256 as Kiln writes it everywhere (fingerprints, cache keys, manifests): lower-case hex. One place
 * for the algorithm name and the hex format, so every fingerprint is spelled the same way.
 */
public final class Sha256 {
  private Sha256() {}

  /** A fresh digest to feed in parts. */
  public static MessageDigest newDigest() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java runtime has SHA-256", e);
    }
  }

  /** Finishes {@code digest} and returns its value as lower-case hex. */
  public static String hex(MessageDigest digest) {
    return HexFormat.of().formatHex(digest.digest());
  }

  /** Hex SHA-256 of {@code bytes}. */
  public static String hex(byte[] bytes) {
    MessageDigest digest = newDigest();
    digest.update(bytes);
    return hex(digest);
  }

  /** Hex SHA-256 of a string's UTF-8 bytes. */
  public static String hexOfUtf8(String text) {
    return hex(text.getBytes(StandardCharsets.UTF_8));
  }
}
