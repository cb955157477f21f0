package dev.textrnn.data;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;

/**
 * Decompresses a gzip stream on a background thread, so that inflating (about half the cost of
 * reading the archive) overlaps with parsing the tar on the caller's thread. Exceptions of the gzip
 * layer reach the reader unchanged from {@link #read}, and {@link #gzipFailure()} tells them apart
 * from the tar layer's own.
 */
final class GunzipPipe extends InputStream {

  private static final int CHUNK_BYTES = 1 << 18;

  /**
   * Chunks in circulation between the two threads; recycled, so the pipe allocates nothing per
   * chunk.
   */
  private static final int CHUNKS = 4;

  private record Chunk(byte[] bytes, int length, IOException failure) {}

  private static final Chunk END = new Chunk(new byte[0], 0, null);

  private final BlockingQueue<byte[]> free = new ArrayBlockingQueue<>(CHUNKS);
  private final BlockingQueue<Chunk> full = new ArrayBlockingQueue<>(CHUNKS + 1);
  private final Thread inflater;
  private Chunk current = new Chunk(new byte[0], 0, null);
  private int position;
  private boolean ended;
  private IOException gzipFailure;

  /**
   * Starts decompressing {@code compressed}, which the pipe closes when the stream ends, fails or
   * is closed.
   */
  GunzipPipe(InputStream compressed) {
    for (int i = 0; i < CHUNKS; i++) {
      free.add(new byte[CHUNK_BYTES]);
    }
    inflater = new Thread(() -> inflate(compressed), "textrnn-gunzip");
    inflater.setDaemon(true);
    inflater.start();
  }

  private void inflate(InputStream compressed) {
    Chunk last;
    try (compressed;
        // Concatenated members are valid gzip (e.g. from bgzip); trailing garbage is then an error.
        InputStream gzip = new GzipCompressorInputStream(compressed, true)) {
      while (true) {
        byte[] bytes = free.take();
        int n = gzip.readNBytes(bytes, 0, bytes.length);
        if (n > 0) {
          full.put(new Chunk(bytes, n, null));
        }
        if (n < bytes.length) {
          break;
        }
      }
      last = END;
    } catch (IOException e) {
      last = new Chunk(null, 0, e);
    } catch (InterruptedException e) {
      return; // closed by the reader
    }
    try {
      full.put(last);
    } catch (InterruptedException e) {
      // closed by the reader, who no longer waits for the end
    }
  }

  /** The exception the gzip layer threw, or null. */
  IOException gzipFailure() {
    return gzipFailure;
  }

  @Override
  public int read() throws IOException {
    return nextChunk() ? current.bytes[position++] & 0xff : -1;
  }

  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    if (len == 0) {
      return 0;
    }
    if (!nextChunk()) {
      return -1;
    }
    int n = Math.min(len, current.length - position);
    System.arraycopy(current.bytes, position, b, off, n);
    position += n;
    return n;
  }

  /** Makes {@code current} a chunk with unread bytes; false at the end of the stream. */
  private boolean nextChunk() throws IOException {
    if (gzipFailure != null) {
      throw gzipFailure;
    }
    while (position == current.length) {
      if (ended) {
        return false;
      }
      if (current.length > 0) {
        free.add(current.bytes);
      }
      try {
        current = full.take();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new InterruptedIOException("interrupted while waiting for gzip data");
      }
      position = 0;
      if (current.failure != null) {
        gzipFailure = current.failure;
        current = END;
        ended = true;
        throw gzipFailure;
      }
      ended = current == END;
    }
    return true;
  }

  /** Stops the inflater thread and waits for it to close the compressed stream. */
  @Override
  public void close() {
    inflater.interrupt();
    boolean interrupted = false;
    while (inflater.isAlive()) {
      try {
        inflater.join();
      } catch (InterruptedException e) {
        interrupted = true;
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
  }
}
