package dev.textrnn.data;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.util.Map;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorOutputStream;

/** Archives made in memory, for tests of what reads them. */
public final class TestArchives {
  private TestArchives() {}

  /** A tar of the entries (name to content), in their order. */
  public static byte[] tar(Map<String, byte[]> entries) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (TarArchiveOutputStream tar = new TarArchiveOutputStream(bytes)) {
      for (Map.Entry<String, byte[]> entry : entries.entrySet()) {
        TarArchiveEntry header = new TarArchiveEntry(entry.getKey());
        header.setSize(entry.getValue().length);
        tar.putArchiveEntry(header);
        tar.write(entry.getValue());
        tar.closeArchiveEntry();
      }
    }
    return bytes.toByteArray();
  }

  public static byte[] gzip(byte[] content) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (OutputStream gzip = new GzipCompressorOutputStream(bytes)) {
      gzip.write(content);
    }
    return bytes.toByteArray();
  }

  public static byte[] tarGz(Map<String, byte[]> entries) throws IOException {
    return gzip(tar(entries));
  }
}
