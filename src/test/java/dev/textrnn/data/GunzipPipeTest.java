package dev.textrnn.data;

import static dev.textrnn.data.TestArchives.gzip;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

class GunzipPipeTest {

  /** Compressible (so the gzip is small) but not constant: runs of random bytes. */
  private static byte[] data(int size) {
    byte[] bytes = new byte[size];
    SplittableRandom random = new SplittableRandom(11);
    for (int i = 0; i < size; i += 64) {
      Arrays.fill(bytes, i, Math.min(size, i + 64), (byte) random.nextInt(8));
    }
    return bytes;
  }

  @Test
  void passesManyChunksThroughUnchanged() throws IOException {
    byte[] data = data(3_000_000);
    try (GunzipPipe pipe = new GunzipPipe(new ByteArrayInputStream(gzip(data)))) {
      assertEquals(data[0] & 0xff, pipe.read());
      assertArrayEquals(Arrays.copyOfRange(data, 1, data.length), pipe.readAllBytes());
      assertEquals(-1, pipe.read());
      assertNull(pipe.gzipFailure());
    }
  }

  @Test
  void readsConcatenatedMembers() throws IOException {
    byte[] a = data(1000);
    byte[] b = "second member".getBytes(StandardCharsets.UTF_8);
    ByteArrayOutputStream both = new ByteArrayOutputStream();
    both.write(gzip(a));
    both.write(gzip(b));
    try (GunzipPipe pipe = new GunzipPipe(new ByteArrayInputStream(both.toByteArray()))) {
      byte[] all = pipe.readAllBytes();
      assertArrayEquals(a, Arrays.copyOf(all, a.length));
      assertArrayEquals(b, Arrays.copyOfRange(all, a.length, all.length));
    }
  }

  @Test
  void truncationIsAnEofFromTheGzipLayer() throws IOException {
    byte[] gz = gzip(data(2_000_000));
    try (GunzipPipe pipe =
        new GunzipPipe(new ByteArrayInputStream(Arrays.copyOf(gz, gz.length / 2)))) {
      IOException e = assertThrows(IOException.class, pipe::readAllBytes);
      assertInstanceOf(EOFException.class, e);
      assertSame(e, pipe.gzipFailure());
      assertSame(e, assertThrows(IOException.class, pipe::read), "stays failed");
    }
  }

  @Test
  void closeStopsTheInflaterAndClosesTheInput() throws IOException, InterruptedException {
    AtomicBoolean closed = new AtomicBoolean();
    InputStream input =
        new ByteArrayInputStream(gzip(data(5_000_000))) {
          @Override
          public void close() {
            closed.set(true);
          }
        };
    GunzipPipe pipe = new GunzipPipe(input);
    assertEquals(1000, pipe.readNBytes(1000).length);
    pipe.close();
    assertTrue(closed.get());
    assertTrue(
        Thread.getAllStackTraces().keySet().stream()
            .noneMatch(t -> t.getName().equals("textrnn-gunzip") && t.isAlive()));
  }
}
