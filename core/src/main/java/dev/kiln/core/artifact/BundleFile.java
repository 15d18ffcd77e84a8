package dev.kiln.core.artifact;

import java.io.Serializable;

/**
 * A data file written from one bundle of rows, still under its temporary name: what the commit
 * needs to give it its final name and list it in the manifest without reading it again.
 *
 * @param tempUri where the file was written
 * @param sizeBytes its length
 * @param sha256 hex SHA-256 of its bytes
 * @param records the rows in it
 * @param laneA the rows' {@link RowFingerprint} lane sums (order-independent, added over files)
 * @param laneB see {@code laneA}
 */
record BundleFile(String tempUri, long sizeBytes, String sha256, long records, long laneA, long laneB)
    implements Serializable {

  /** Orders files by content only, so the same bundles get the same part numbers on every run. */
  static final java.util.Comparator<BundleFile> BY_CONTENT = java.util.Comparator.comparing(BundleFile::sha256)
      .thenComparingLong(BundleFile::sizeBytes).thenComparing(BundleFile::tempUri);
}
