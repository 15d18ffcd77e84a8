package dev.kiln.core.fingerprint;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import org.junit.jupiter.api.Test;

class Sha256Test {
  // FIPS 180-2, appendix B.1: SHA-256("abc")
  private static final String ABC = "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad";

  @Test
  void givesTheStandardTestVectorInLowerCaseHex() {
    assertEquals(ABC, Sha256.hexOfUtf8("abc"));
    assertEquals(ABC, Sha256.hex("abc".getBytes(StandardCharsets.UTF_8)));
  }

  @Test
  void aDigestFedInPartsEqualsTheWhole() {
    MessageDigest digest = Sha256.newDigest();
    digest.update((byte) 'a');
    digest.update("bc".getBytes(StandardCharsets.UTF_8));
    assertEquals(ABC, Sha256.hex(digest));
  }
}
