package dev.textrnn.train;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.textrnn.cli.TextRnnProcess;
import java.io.BufferedOutputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A CSV larger than the heap trains: a child JVM with a 128 MB heap trains on 200 MB of texts. Each
 * text is a word that tells its class, then 20 KB of one long token, so that the file is large but
 * its token ids are few: a run holds the ids and never all of the raw text. Read whole, as before
 * sets were streamed, the texts alone overflow the heap.
 */
class LargeCsvTrainingTest {
  private static final int TEXTS = 10_000;
  private static final int FILLER_BYTES = 20_000;

  @TempDir Path dir;

  @Test
  void aCsvLargerThanTheHeapTrains() throws Exception {
    Path csv = dir.resolve("large.csv");
    byte[] filler = new byte[FILLER_BYTES];
    Arrays.fill(filler, (byte) 'z');
    try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(csv), 1 << 20)) {
      out.write("text,label\n".getBytes(UTF_8));
      for (int i = 0; i < TEXTS; i++) {
        boolean good = i % 2 == 0;
        out.write((good ? "great " : "awful ").getBytes(UTF_8));
        out.write(filler);
        out.write((good ? " indeed,good\n" : " indeed,bad\n").getBytes(UTF_8));
      }
    }
    assertTrue(Files.size(csv) > 200_000_000L, Files.size(csv) + " bytes");
    Path stdout = dir.resolve("stdout.txt");
    Path stderr = dir.resolve("stderr.txt");
    Process process =
        TextRnnProcess.command(
                List.of("-Xmx128m"),
                "train",
                "--data",
                csv.toString(),
                "--epochs",
                "1",
                "--batch-size",
                "500",
                "--embedding-dim",
                "2",
                "--units",
                "2",
                "--dense-units",
                "2",
                "--out",
                dir.resolve("model").toString(),
                "--checkpoint",
                dir.resolve("checkpoint").toString(),
                "--graphs",
                dir.resolve("graphs").toString())
            .redirectOutput(stdout.toFile())
            .redirectError(stderr.toFile())
            .start();
    assertEquals(
        0,
        TextRnnProcess.exitCode(process, Duration.ofMinutes(5), "training"),
        Files.readString(stderr));
    String log = Files.readString(stdout);
    assertTrue(log.contains("Encoded 10,000 training, 0 validation and 0 test texts"), log);
    assertTrue(Files.isRegularFile(dir.resolve("model/saved_model.pb")));
  }
}
