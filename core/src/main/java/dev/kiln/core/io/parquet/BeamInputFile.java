package dev.kiln.core.io.parquet;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import org.apache.parquet.io.DelegatingSeekableInputStream;
import org.apache.parquet.io.InputFile;
import org.apache.parquet.io.SeekableInputStream;

/**
 * A Parquet {@link InputFile} over a Beam seekable channel, so Parquet files are read through Beam
 * FileSystems (local, gs://, ...) without Hadoop's file systems. The channel is opened by the caller
 * for each stream.
 */
final class BeamInputFile implements InputFile {
  /** Opens a new channel on the file. */
  interface Opener {
    SeekableByteChannel open() throws IOException;
  }

  private final Opener opener;
  private final long length;

  BeamInputFile(Opener opener, long length) {
    this.opener = opener;
    this.length = length;
  }

  @Override
  public long getLength() {
    return length;
  }

  @Override
  public SeekableInputStream newStream() throws IOException {
    SeekableByteChannel channel = opener.open();
    return new DelegatingSeekableInputStream(new ChannelStream(channel)) {
      @Override
      public long getPos() throws IOException {
        return channel.position();
      }

      @Override
      public void seek(long newPos) throws IOException {
        channel.position(newPos);
      }
    };
  }

  /** An InputStream that reads from the channel at its current position. */
  private static final class ChannelStream extends InputStream {
    private final SeekableByteChannel channel;

    ChannelStream(SeekableByteChannel channel) {
      this.channel = channel;
    }

    @Override
    public int read() throws IOException {
      byte[] one = new byte[1];
      return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      if (len == 0) {
        return 0;
      }
      int n;
      do {
        n = channel.read(ByteBuffer.wrap(b, off, len));
      } while (n == 0);
      return n;
    }

    @Override
    public void close() throws IOException {
      channel.close();
    }
  }
}
