package dev.textrnn.train;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.textrnn.cli.TextRnnProcess;
import dev.textrnn.data.ImdbDataset;
import dev.textrnn.data.Review;
import dev.textrnn.data.TestArchives;
import dev.textrnn.data.TestData;
import dev.textrnn.text.Words;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Training on reviews far longer than any of IMDB's, through the command line in a child JVM with
 * the launcher's heap and allocator settings: the archive is the real one with the 64 training
 * reviews of a {@code --subset 64} run replaced, one by 190,000 random words (most of the 1 MiB the
 * archive allows a file), the 63 others by {@value #LONG_WORDS} words. So the run's one batch is 64
 * texts at the word limit. Read whole, the long review alone took training to 12 GB.
 */
class LongReviewsTrainingTest {
  private static final int SUBSET = 64;
  private static final int HUGE_WORDS = 190_000;
  private static final int LONG_WORDS = Words.MAX_WORDS + 1_000;
  private static final long SEED = 42;

  /**
   * 2.3 GB were measured here; with a 1 GB heap, JavaCPP (under TensorFlow Java) throws
   * OutOfMemoryError past 4 GB resident.
   */
  private static final long MEMORY_BOUND_MB = 3_072;

  @TempDir Path dir;

  @Test
  void reviewsFarOverTheWordLimitTrainInBoundedMemory() throws Exception {
    Path archive = dir.resolve("aclImdb_v1.tar.gz");
    Files.write(archive, TestArchives.tarGz(withLongReviews(TestData.labelled())));
    Path stderr = dir.resolve("stderr.txt");
    ProcessBuilder train =
        TextRnnProcess.measuredCommand(
                List.of("-Xmx1g"),
                "train",
                "--data",
                archive.toString(),
                "--subset",
                Integer.toString(SUBSET),
                "--seed",
                Long.toString(SEED),
                "--epochs",
                "1",
                "--validation-steps",
                "1",
                "--out",
                dir.resolve("model").toString(),
                "--checkpoint",
                dir.resolve("checkpoint").toString(),
                "--graphs",
                dir.resolve("graphs").toString())
            .redirectOutput(dir.resolve("stdout.txt").toFile())
            .redirectError(stderr.toFile());
    train.environment().put("MALLOC_ARENA_MAX", "2"); // as tools/lib/jvm.sh sets them
    train.environment().put("TF_CPU_ALLOCATOR_USE_BFC", "true");
    Process process = train.start();
    assertEquals(
        0,
        TextRnnProcess.exitCode(process, Duration.ofMinutes(15), "training"),
        Files.readString(stderr));
    assertTrue(Files.isRegularFile(dir.resolve("checkpoint/checkpoint.json")));
    assertTrue(Files.isRegularFile(dir.resolve("model/saved_model.pb")));
    long peakMegabytes = TextRnnProcess.peakResidentBytes(Files.readString(stderr)) >> 20;
    System.out.println("training on 64 texts at the word limit peaked at " + peakMegabytes + " MB");
    assertTrue(peakMegabytes < MEMORY_BOUND_MB, peakMegabytes + " MB");
  }

  /**
   * The labelled reviews in archive order (so that a run draws the same subset from them), the
   * subset's training reviews replaced by long ones.
   */
  private static Map<String, byte[]> withLongReviews(ImdbDataset real) {
    Map<String, byte[]> entries = new LinkedHashMap<>();
    real.train().forEach(review -> entries.put(review.path(), review.text()));
    real.test().forEach(review -> entries.put(review.path(), review.text()));
    List<Review> picked = TextOrderTest.inRunOrder(real.train(), SUBSET, SEED);
    Random random = new Random(11);
    for (int i = 0; i < picked.size(); i++) {
      entries.put(picked.get(i).path(), randomWords(i == 0 ? HUGE_WORDS : LONG_WORDS, random));
    }
    return entries;
  }

  /** Words of up to 4 letters and digits, each followed by a space. */
  private static byte[] randomWords(int count, Random random) {
    StringBuilder text = new StringBuilder();
    for (int i = 0; i < count; i++) {
      text.append(Integer.toString(random.nextInt(1 << 20), 36)).append(' ');
    }
    return text.toString().getBytes(UTF_8);
  }
}
