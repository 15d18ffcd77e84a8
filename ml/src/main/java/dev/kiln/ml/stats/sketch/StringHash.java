package dev.kiln.ml.stats.sketch;

/**
 * A 64-bit hash of a string's UTF-16 code units for sketches: FNV-1a over the characters, then the
 * 64-bit finalizer of MurmurHash3 so that every input bit affects every output bit (HyperLogLog
 * reads the top bits for the register and the rest for the run of zeros). Stable across JVMs and
 * releases, unlike {@link String#hashCode()}, which is also only 32 bits.
 */
public final class StringHash {
  private static final long FNV_OFFSET = 0xcbf29ce484222325L;
  private static final long FNV_PRIME = 0x100000001b3L;

  private StringHash() {}

  public static long hash64(String s) {
    long h = FNV_OFFSET ^ s.length();
    for (int i = 0, n = s.length(); i < n; i++) {
      h = (h ^ s.charAt(i)) * FNV_PRIME;
    }
    return mix(h);
  }

  /** MurmurHash3's fmix64: a bijection with full avalanche. */
  static long mix(long h) {
    h ^= h >>> 33;
    h *= 0xff51afd7ed558ccdL;
    h ^= h >>> 33;
    h *= 0xc4ceb9fe1a85ec53L;
    h ^= h >>> 33;
    return h;
  }
}
