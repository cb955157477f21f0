package dev.textrnn.data;

import java.io.BufferedInputStream;
import java.io.Closeable;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;

/**
 * One pass over the entries of a {@code .tar.gz} file in archive order, streamed and never
 * extracted, to the end of the gzip stream so that its checksum and length are verified. A damaged
 * file is one {@link DatasetException} that tells a damaged gzip layer from a damaged tar layer.
 * Close it when stopping early.
 */
final class TarGzEntries implements Closeable {

  /** Sees each entry; may read its body with {@link #body}. */
  @FunctionalInterface
  interface Visitor {
    void entry(TarArchiveEntry entry, TarGzEntries archive);
  }

  private static final int BUFFER_BYTES = 1 << 16; // of compressed input

  private final Path archive;
  private final String damagedAction;
  private final GunzipPipe gunzip;
  private final TarArchiveInputStream tar;
  private int entries;
  private String lastEntry;
  private boolean ended;

  /**
   * Starts reading {@code archive}.
   *
   * @param notGzipAction what to do when the file is not gzip, ending that message
   * @param damagedAction what to do when the file cannot be read or its gzip or tar data is
   *     damaged, ending that message
   * @throws DatasetException for a file that cannot be read or is not gzip
   */
  TarGzEntries(Path archive, String notGzipAction, String damagedAction) {
    this.archive = archive;
    this.damagedAction = damagedAction;
    InputStream raw;
    try {
      raw = new BufferedInputStream(Files.newInputStream(archive), BUFFER_BYTES);
    } catch (IOException e) {
      throw new DatasetException(
          archive + ": cannot be read (" + DatasetException.reason(e, true) + "); " + damagedAction,
          e);
    }
    try {
      checkGzipMagic(raw, notGzipAction);
    } catch (IOException | RuntimeException e) {
      try {
        raw.close();
      } catch (IOException suppressed) {
        e.addSuppressed(suppressed);
      }
      throw e instanceof IOException io ? failure(io) : (RuntimeException) e;
    }
    gunzip = new GunzipPipe(raw);
    tar = new TarArchiveInputStream(gunzip, StandardCharsets.UTF_8.name());
  }

  /**
   * Visits every entry of {@code archive}, as {@link #TarGzEntries} opens it.
   *
   * @return the number of entries
   * @throws DatasetException for a file that is not gzip or is damaged, or as the visitor throws it
   */
  static int read(Path archive, String notGzipAction, String damagedAction, Visitor visitor) {
    try (TarGzEntries entries = new TarGzEntries(archive, notGzipAction, damagedAction)) {
      for (TarArchiveEntry entry; (entry = entries.next()) != null; ) {
        visitor.entry(entry, entries);
      }
      return entries.entries;
    }
  }

  /**
   * The next entry, whose body {@link #body} reads; null after the last, once the gzip trailer is
   * checked.
   */
  TarArchiveEntry next() {
    if (ended) {
      return null;
    }
    try {
      TarArchiveEntry entry = tar.getNextEntry();
      if (entry == null) {
        ended = true;
        // Past the tar end-of-archive blocks: read to the gzip trailer so its CRC and length get
        // checked.
        gunzip.transferTo(OutputStream.nullOutputStream());
        return null;
      }
      entries++;
      lastEntry = entry.getName();
      return entry;
    } catch (IOException e) {
      throw damaged(e);
    }
  }

  /** The bytes of the current entry's body, checked to be complete. */
  byte[] body(TarArchiveEntry entry) {
    long size = entry.getSize();
    byte[] bytes = new byte[Math.toIntExact(size)];
    try {
      int n = tar.readNBytes(bytes, 0, bytes.length);
      if (n != bytes.length) {
        throw new EOFException(
            "entry " + entry.getName() + " ends after " + n + " of " + size + " bytes");
      }
    } catch (IOException e) {
      throw damaged(e);
    }
    return bytes;
  }

  /** The archive's entries so far. */
  int entries() {
    return entries;
  }

  /** Stops the gunzip thread and closes the file. */
  @Override
  public void close() {
    gunzip.close();
  }

  /** Damaged deflate data can first show as a bad tar header; the gzip layer then has the cause. */
  private DatasetException damaged(IOException e) {
    try {
      gunzip.transferTo(OutputStream.nullOutputStream());
    } catch (IOException ignored) {
      // recorded by the pipe, reported by failure()
    }
    ended = true;
    return failure(e);
  }

  private void checkGzipMagic(InputStream raw, String notGzipAction) throws IOException {
    raw.mark(2);
    int b0 = raw.read();
    int b1 = raw.read();
    raw.reset();
    if (b0 != 0x1f || b1 != 0x8b) {
      String start =
          b0 < 0
              ? "is empty"
              : b1 < 0 ? "has 1 byte" : String.format("starts with %02x %02x", b0, b1);
      throw new DatasetException(
          archive + ": not a gzip file (" + start + ", expected 1f 8b); " + notGzipAction);
    }
  }

  private DatasetException failure(IOException e) {
    String why;
    IOException gzipFailure = gunzip == null ? null : gunzip.gzipFailure();
    if (gzipFailure != null) {
      why =
          gzipFailure instanceof EOFException
              ? "truncated gzip stream after " + sizeOrUnknown() + " bytes"
              : "corrupt gzip data (" + DatasetException.reason(gzipFailure, false) + ")";
    } else if (gunzip == null) {
      why = "cannot be read (" + DatasetException.reason(e, true) + ")";
    } else if (entries == 0) {
      why = "not a tar archive inside the gzip (" + DatasetException.reason(e, false) + ")";
    } else {
      why =
          "corrupt tar data after entry "
              + lastEntry
              + " ("
              + DatasetException.reason(e, false)
              + ")";
    }
    return new DatasetException(archive + ": " + why + "; " + damagedAction, e);
  }

  private String sizeOrUnknown() {
    try {
      return Long.toString(Files.size(archive));
    } catch (IOException e) {
      return "?";
    }
  }
}
