package dev.kiln.core.artifact;

import dev.kiln.core.fingerprint.Sha256;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.WritableByteChannel;
import java.security.MessageDigest;
import java.util.UUID;
import org.apache.beam.sdk.io.FileIO;
import org.apache.beam.sdk.io.FileSystems;
import org.apache.beam.sdk.io.fs.ResolveOptions.StandardResolveOptions;
import org.apache.beam.sdk.io.fs.ResourceId;
import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.metrics.Metrics;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.SerializableFunction;
import org.apache.beam.sdk.transforms.windowing.BoundedWindow;
import org.apache.beam.sdk.transforms.windowing.GlobalWindow;
import org.apache.beam.sdk.values.Row;

/**
 * Writes each bundle's rows to one file under the split's staging folder ({@value #STAGING}) and
 * outputs a {@link BundleFile} for it: size, SHA-256 and the rows' fingerprint sums, all taken while
 * writing, so nothing reads the rows or the file a second time. A bundle without rows writes no
 * file. A bundle that fails leaves at most an unlisted file in the staging folder, which the commit
 * removes ({@link BundleFiles#finish}); only bundles the runner committed reach the manifest.
 *
 * <p>The record counter is increased once a bundle: the DirectRunner collects a step's metric
 * updates after every element, so a counter touched per row costs a copy per row.
 */
final class WriteBundleFilesFn extends DoFn<Row, BundleFile> {
  /** The staging folder inside a split's directory; removed by the commit. */
  static final String STAGING = ".temp-kiln";

  private final String dirUri;
  private final String extension;
  private final SerializableFunction<Void, FileIO.Sink<Row>> sinks;
  private final RowFingerprint fingerprint;
  private final Counter records;

  private transient Open open;

  WriteBundleFilesFn(String dirUri, String extension, SerializableFunction<Void, FileIO.Sink<Row>> sinks,
      RowFingerprint fingerprint, String counterName) {
    this.dirUri = dirUri;
    this.extension = extension;
    this.sinks = sinks;
    this.fingerprint = fingerprint;
    this.records = Metrics.counter("kiln", counterName);
  }

  /** The file being written for the current bundle. */
  private static final class Open {
    final ResourceId file;
    final DigestingChannel channel;
    final FileIO.Sink<Row> sink;
    RowFingerprint.Accumulator sums;

    Open(ResourceId file, DigestingChannel channel, FileIO.Sink<Row> sink, RowFingerprint.Accumulator sums) {
      this.file = file;
      this.channel = channel;
      this.sink = sink;
      this.sums = sums;
    }
  }

  @StartBundle
  public void startBundle() {
    open = null;
  }

  @ProcessElement
  public void process(@Element Row row) throws IOException {
    if (open == null) {
      ResourceId file = FileSystems.matchNewResource(dirUri, true)
          .resolve(STAGING, StandardResolveOptions.RESOLVE_DIRECTORY)
          .resolve(UUID.randomUUID() + extension, StandardResolveOptions.RESOLVE_FILE);
      DigestingChannel channel = new DigestingChannel(FileSystems.create(file, "application/octet-stream"));
      FileIO.Sink<Row> sink = sinks.apply(null);
      sink.open(channel);
      open = new Open(file, channel, sink, fingerprint.createAccumulator());
    }
    open.sink.write(row);
    open.sums = fingerprint.addInput(open.sums, row);
  }

  @FinishBundle
  public void finishBundle(FinishBundleContext c) throws IOException {
    if (open == null) {
      return;
    }
    Open done = open;
    open = null;
    done.sink.flush();
    done.channel.close();
    long count = RowFingerprint.count(done.sums);
    records.inc(count);
    c.output(new BundleFile(done.file.toString(), done.channel.bytes, Sha256.hex(done.channel.sha), count,
        RowFingerprint.laneA(done.sums), RowFingerprint.laneB(done.sums)),
        BoundedWindow.TIMESTAMP_MIN_VALUE, GlobalWindow.INSTANCE);
  }

  @Teardown
  public void teardown() {
    if (open != null) { // a failed bundle: close the half-written file; the commit never lists it
      try {
        open.channel.close();
      } catch (IOException | RuntimeException ignored) {
        // best effort; the staging folder is removed at the commit
      }
      open = null;
    }
  }

  /** Counts and hashes the bytes on their way to the file. */
  static final class DigestingChannel implements WritableByteChannel {
    private final WritableByteChannel out;
    final MessageDigest sha = Sha256.newDigest();
    long bytes;

    DigestingChannel(WritableByteChannel out) {
      this.out = out;
    }

    @Override
    public int write(ByteBuffer src) throws IOException {
      ByteBuffer seen = src.duplicate();
      int n = out.write(src);
      seen.limit(seen.position() + n);
      sha.update(seen);
      bytes += n;
      return n;
    }

    @Override
    public boolean isOpen() {
      return out.isOpen();
    }

    @Override
    public void close() throws IOException {
      out.close();
    }
  }
}
