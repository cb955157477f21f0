package dev.textrnn.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.textrnn.data.TestData;
import dev.textrnn.train.Checkpoint;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two train runs at once on one checkpoint (other seeds and vocabulary sizes): the second fails at
 * once, naming the first's pid, and the checkpoint holds the first run alone.
 */
class ConcurrentRunsTest {
  @TempDir Path dir;

  @Test
  void aSecondRunOnACheckpointInUseFailsAtOnceNamingTheFirst() throws Exception {
    Path checkpoint = dir.resolve("c");
    Path lock = dir.resolve(".c.lock");
    Process first =
        TextRnnProcess.command(
                List.of(),
                "train",
                "--data",
                TestData.archive().toString(),
                "--subset",
                "100",
                "--epochs",
                "1",
                "--validation-steps",
                "1",
                "--checkpoint",
                checkpoint.toString(),
                "--out",
                dir.resolve("model-1").toString(),
                "--graphs",
                dir.resolve("graphs-1").toString())
            .redirectErrorStream(true)
            .redirectOutput(dir.resolve("first.log").toFile())
            .start();
    try {
      awaitOwner(lock, first);

      CommandRun second =
          CommandRun.of(
              "train",
              "--data",
              TestData.archive().toString(),
              "--subset",
              "100",
              "--epochs",
              "1",
              "--validation-steps",
              "1",
              "--seed",
              "7",
              "--max-tokens",
              "500",
              "--checkpoint",
              checkpoint.toString(),
              "--out",
              dir.resolve("model-2").toString(),
              "--graphs",
              dir.resolve("graphs-2").toString());

      assertEquals(
          "train: --checkpoint "
              + checkpoint
              + " is in use by another textrnn process (pid "
              + first.pid()
              + ", lock file "
              + lock
              + "); wait for it to end, or choose another path\n",
          second.err());
      assertEquals(2, second.exitCode());
      assertEquals("", second.out(), "nothing read, nothing trained");
      assertTrue(first.isAlive(), "the second failed while the first was running");
      assertTrue(first.waitFor(5, TimeUnit.MINUTES));
      assertEquals(0, first.exitValue(), Files.readString(dir.resolve("first.log")));
    } finally {
      first.destroyForcibly();
    }
    assertEquals(42, Checkpoint.readState(checkpoint).recipe().seed(), "the first run's");
    for (String name :
        List.of("model-2", "graphs-2", ".c.lock", ".model-1.lock", ".graphs-1.lock")) {
      assertFalse(Files.exists(dir.resolve(name)), name);
    }
  }

  /** Waits until the run has locked the checkpoint: its pid is in the lock file. */
  private static void awaitOwner(Path lock, Process run) throws Exception {
    String pid = Long.toString(run.pid());
    while (!Files.exists(lock) || !Files.readString(lock).equals(pid)) {
      assertTrue(run.isAlive(), "the first run ended before it locked its checkpoint");
      Thread.sleep(10);
    }
  }
}
