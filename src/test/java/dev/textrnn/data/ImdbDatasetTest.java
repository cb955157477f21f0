package dev.textrnn.data;

import static dev.textrnn.data.TestArchives.tar;
import static dev.textrnn.data.TestArchives.tarGz;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.Collectors;
import org.apache.commons.compress.compressors.gzip.GzipCompressorOutputStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImdbDatasetTest {

  private static ImdbDataset all;

  @TempDir Path dir;

  @BeforeAll
  static void readOnce() {
    all = ImdbDataset.read(TestData.archive());
  }

  @Test
  void splitsHaveTheirSizesAndLabels() {
    assertEquals(25_000, all.train().size());
    assertEquals(25_000, all.test().size());
    assertEquals(50_000, all.unsup().size());
    for (List<Review> split : List.of(all.train(), all.test())) {
      Map<Integer, Long> perLabel =
          split.stream().collect(Collectors.groupingBy(Review::label, Collectors.counting()));
      assertEquals(Map.of(0, 12_500L, 1, 12_500L), perLabel);
    }
    assertTrue(all.unsup().stream().allMatch(r -> r.label() == -1 && r.rating() == 0));
  }

  @Test
  void ratingsAndLabelsFollowTheDirectories() {
    for (List<Review> split : List.of(all.train(), all.test())) {
      for (Review r : split) {
        boolean pos = r.path().contains("/pos/");
        assertEquals(pos ? 1 : 0, r.label(), r.path());
        assertTrue(
            pos ? r.rating() >= 7 && r.rating() <= 10 : r.rating() >= 1 && r.rating() <= 4,
            r.path());
        assertTrue(r.path().endsWith("_" + r.rating() + ".txt"), r.path());
      }
    }
  }

  @Test
  void reviewsAreInArchiveOrderWithExactBytes() {
    Review first = all.train().get(0);
    assertEquals("aclImdb/train/neg/0_3.txt", first.path());
    assertEquals(0, first.label());
    assertEquals(3, first.rating());
    assertEquals(655, first.text().length);
    assertEquals(
        "6e3e81d6e04732c2985d17ec29920a03e448354eeb966bb88ddc30a38e1f3e17", sha256(first.text()));
    assertTrue(
        first.textString().startsWith("Story of a man who has unnatural feelings for a pig."));

    Review firstPos = all.train().get(12_500);
    assertEquals("aclImdb/train/pos/0_9.txt", firstPos.path());
    assertEquals(
        "d3f1dacff103c9835829ef9cbc3b1ccc1d722535d07146b111c9100fd3225c1e",
        sha256(firstPos.text()));
    assertEquals("aclImdb/test/neg/0_2.txt", all.test().get(0).path());
    assertEquals(
        "55e390cdf9c4d3e19088fa3ca8e82e257b65a71d209d805f4c1163a3bab03991",
        sha256(all.test().get(0).text()));
    assertEquals("aclImdb/test/pos/9_7.txt", all.test().get(24_999).path());
    assertEquals("aclImdb/train/unsup/0_0.txt", all.unsup().get(0).path());
    assertEquals("aclImdb/train/unsup/9_0.txt", all.unsup().get(49_999).path());
  }

  @Test
  void multiByteUtf8IsKeptAsIs() {
    Review r =
        all.train().stream()
            .filter(x -> x.path().equals("aclImdb/train/pos/10006_7.txt"))
            .findFirst()
            .orElseThrow();
    assertEquals(2184, r.text().length);
    assertEquals(
        "668854906f835d711d4b9318fb92cd5da1244758b1fe3d27ffb1e9c2490dd92e", sha256(r.text()));
    assertArrayEquals(r.text(), r.textString().getBytes(StandardCharsets.UTF_8));
    assertTrue(r.textString().length() < r.text().length, "has multi-byte characters");
  }

  @Test
  void totalBytesPerSplitMatchTheArchive() {
    assertEquals(16_289_992L + 16_842_831L, totalBytes(all.train()));
    assertEquals(16_067_328L + 16_283_357L, totalBytes(all.test()));
    assertEquals(66_506_794L, totalBytes(all.unsup()));
  }

  @Test
  void withoutUnsupTheLabelledSplitsAreTheSame() {
    ImdbDataset labelled = TestData.labelled();
    assertEquals(paths(all.train()), paths(labelled.train()));
    assertEquals(paths(all.test()), paths(labelled.test()));
    IllegalStateException e = assertThrows(IllegalStateException.class, labelled::unsup);
    assertTrue(e.getMessage().contains("read(archive, true)"), e.getMessage());
  }

  @Test
  void truncatedGzip() throws IOException {
    Path file = dir.resolve("cut.tar.gz");
    try (InputStream in = Files.newInputStream(TestData.archive())) {
      Files.write(file, in.readNBytes(1_234_567));
    }
    assertMessage(
        file,
        file
            + ": truncated gzip stream after 1234567 bytes; "
            + "download it again or pass another file with --data");
  }

  @Test
  void truncatedInTheGzipTrailer() throws IOException {
    Path file = dir.resolve("cut-trailer.tar.gz");
    byte[] small =
        tarGz(Map.of("aclImdb/test/pos/1_9.txt", "good".getBytes(StandardCharsets.UTF_8)));
    Files.write(file, Arrays.copyOf(small, small.length - 3));
    assertMessage(
        file,
        file
            + ": truncated gzip stream after "
            + (small.length - 3)
            + " bytes; "
            + "download it again or pass another file with --data");
  }

  @Test
  void randomBytesAreNotGzip() throws IOException {
    byte[] bytes = new byte[10_000];
    new SplittableRandom(7).nextBytes(bytes);
    bytes[0] = 0x42;
    bytes[1] = 0x5a;
    Path file = dir.resolve("random.bin");
    Files.write(file, bytes);
    assertMessage(
        file,
        file
            + ": not a gzip file (starts with 42 5a, expected 1f 8b); "
            + "pass the aclImdb_v1.tar.gz archive with --data");
  }

  @Test
  void emptyFileIsNotGzip() throws IOException {
    Path file = Files.createFile(dir.resolve("empty.tar.gz"));
    assertMessage(
        file,
        file
            + ": not a gzip file (is empty, expected 1f 8b); "
            + "pass the aclImdb_v1.tar.gz archive with --data");
  }

  @Test
  void gzipOfSomethingElseIsNotTar() throws IOException {
    Path file = dir.resolve("reviews.txt.gz");
    try (OutputStream out = new GzipCompressorOutputStream(Files.newOutputStream(file))) {
      for (Review r : all.test().subList(0, 100)) {
        out.write(r.text());
      }
    }
    String message = message(file);
    assertTrue(message.startsWith(file + ": not a tar archive inside the gzip ("), message);
    assertTrue(message.endsWith("; download it again or pass another file with --data"), message);
  }

  @Test
  void damagedDeflateDataIsReportedAsGzip() throws IOException {
    byte[] real;
    try (InputStream in = Files.newInputStream(TestData.archive())) {
      real = in.readNBytes(3_000_000);
    }
    // The real gzip header, then deflate data cut from the middle of the stream, which does not
    // decode.
    byte[] bytes = Arrays.copyOf(real, 1_000_010);
    System.arraycopy(real, 2_000_000, bytes, 10, 1_000_000);
    Path file = dir.resolve("damaged.tar.gz");
    Files.write(file, bytes);
    String message = message(file);
    assertTrue(message.startsWith(file + ": corrupt gzip data ("), message);
    assertTrue(message.endsWith("); download it again or pass another file with --data"), message);
  }

  @Test
  void damagedTarHeader() throws IOException {
    Map<String, byte[]> entries = new LinkedHashMap<>();
    for (Review r : all.test().subList(0, 3)) {
      entries.put(r.path(), r.text());
    }
    byte[] tar = tar(entries);
    int secondHeader = 512 + (all.test().get(0).text().length + 511) / 512 * 512;
    tar[secondHeader + 130] = 'x'; // inside the octal size field
    Path file = dir.resolve("bad-header.tar.gz");
    try (OutputStream out = new GzipCompressorOutputStream(Files.newOutputStream(file))) {
      out.write(tar);
    }
    String message = message(file);
    assertTrue(
        message.startsWith(file + ": corrupt tar data after entry aclImdb/test/neg/0_2.txt ("),
        message);
  }

  @Test
  void garbageAfterTheGzipStream() throws IOException {
    byte[] small =
        tarGz(Map.of("aclImdb/test/pos/1_9.txt", "good".getBytes(StandardCharsets.UTF_8)));
    byte[] withGarbage = Arrays.copyOf(small, small.length + 100);
    Arrays.fill(withGarbage, small.length, withGarbage.length, (byte) 'x');
    Path file = dir.resolve("garbage.tar.gz");
    Files.write(file, withGarbage);
    String message = message(file);
    assertTrue(message.startsWith(file + ": corrupt gzip data ("), message);
  }

  @Test
  void tarWithOnlyTestHasNoTrain() throws IOException {
    Map<String, byte[]> entries = new LinkedHashMap<>();
    entries.put("aclImdb/README", "readme".getBytes(StandardCharsets.UTF_8));
    for (Review r : all.test().subList(0, 10)) {
      entries.put(r.path(), r.text());
    }
    Path file = dir.resolve("only-test.tar.gz");
    Files.write(file, tarGz(entries));
    assertMessage(
        file,
        file
            + ": has no aclImdb/train/ reviews; download it again or pass another file with --data");
  }

  @Test
  void emptyTarHasNoReviews() throws IOException {
    Path file = dir.resolve("empty-tar.tar.gz");
    Files.write(file, tarGz(Map.of()));
    assertMessage(
        file,
        file
            + ": contains no IMDB reviews (no tar entries); "
            + "download it again or pass another file with --data");
  }

  @Test
  void wrongCountsAreListed() throws IOException {
    Map<String, byte[]> entries = new LinkedHashMap<>();
    List<Review> some = new ArrayList<>(all.train().subList(12_499, 12_503)); // 1 neg, 3 pos
    some.addAll(all.test().subList(12_500, 12_502)); // 2 pos
    some.addAll(all.unsup().subList(0, 5));
    for (Review r : some) {
      entries.put(r.path(), r.text());
    }
    Path file = dir.resolve("counts.tar.gz");
    Files.write(file, tarGz(entries));
    assertMessage(
        file,
        file
            + ": wrong number of reviews: train/pos has 3 (expected 12,500), "
            + "train/neg has 1 (expected 12,500), test/pos has 2 (expected 12,500), test/neg has 0 (expected 12,500), "
            + "train/unsup has 5 (expected 50,000); download it again or pass another file with --data");
  }

  @Test
  void missingDirectoryAndDevicePaths() throws IOException {
    Path missing = dir.resolve("nope.tar.gz");
    assertMessage(
        missing, missing + ": no such file; pass an existing aclImdb_v1.tar.gz with --data");
    assertMessage(
        dir,
        dir
            + ": is a directory, expected the file aclImdb_v1.tar.gz; "
            + "pass the archive itself with --data");
    assertMessage(
        Path.of("/dev/null"),
        "/dev/null: is a character device, not a regular file; pass the archive itself with"
            + " --data");
  }

  private static void assertMessage(Path file, String expected) {
    assertEquals(expected, message(file));
  }

  private static String message(Path file) {
    DatasetException e = assertThrows(DatasetException.class, () -> ImdbDataset.read(file));
    String message = e.getMessage();
    assertTrue(message.contains(file.toString()), message);
    assertFalse(message.contains("\n") || message.contains("\r"), message);
    return message;
  }

  private static long totalBytes(List<Review> reviews) {
    return reviews.stream().mapToLong(r -> r.text().length).sum();
  }

  private static List<String> paths(List<Review> reviews) {
    List<String> paths = new ArrayList<>(reviews.size());
    reviews.forEach(r -> paths.add(r.path()));
    return paths;
  }

  private static String sha256(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new AssertionError(e);
    }
  }
}
