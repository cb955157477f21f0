package dev.textrnn.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The lock of an output: exclusive while held, gone when released, never held by the dead. */
class OutputLockTest {
  @TempDir Path dir;

  @Test
  void aLockHeldInThisProcessIsRefusedNamingItsPid() throws IOException {
    Path target = dir.resolve("model");
    Path file = dir.resolve(".model.lock");
    try (OutputLock held = OutputLock.acquire(target)) {
      OutputLock.InUseException e =
          assertThrows(OutputLock.InUseException.class, () -> OutputLock.acquire(target));
      assertEquals(inUse(target, ProcessHandle.current().pid(), file), e.getMessage());
    }
    assertFalse(Files.exists(file), "a released lock leaves no file");
    OutputLock.acquire(target).close();
  }

  /**
   * Another process's lock fails at once, naming its pid; the file a killed process leaves blocks
   * nobody.
   */
  @Test
  void anotherProcessesLockIsRefusedUntilItIsKilled() throws Exception {
    Path target = dir.resolve("checkpoint");
    Path file = dir.resolve(".checkpoint.lock");
    Process holder =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp",
                System.getProperty("java.class.path"),
                Holder.class.getName(),
                target.toString())
            .redirectErrorStream(true)
            .start();
    try (BufferedReader output =
        new BufferedReader(
            new InputStreamReader(holder.getInputStream(), StandardCharsets.UTF_8))) {
      assertEquals(Holder.LOCKED, output.readLine());

      OutputLock.InUseException e =
          assertThrows(OutputLock.InUseException.class, () -> OutputLock.acquire(target));
      assertEquals(inUse(target, holder.pid(), file), e.getMessage());
    } finally {
      holder.destroyForcibly();
    }
    assertTrue(holder.waitFor(60, TimeUnit.SECONDS));
    assertEquals(Long.toString(holder.pid()), Files.readString(file), "left by the kill");

    OutputLock.acquire(target).close();
    assertFalse(Files.exists(file));
  }

  @Test
  void theFoldersALockCreatedGoWithItUnlessTheyHoldSomething() throws IOException {
    OutputLock.acquire(dir.resolve("a/b/model")).close();
    assertFalse(Files.exists(dir.resolve("a")));

    try (OutputLock lock = OutputLock.acquire(dir.resolve("c/d/model"))) {
      Files.writeString(Files.createDirectories(dir.resolve("c/d/model")).resolve("f"), "kept");
    }
    assertEquals("kept", Files.readString(dir.resolve("c/d/model/f")));
    assertFalse(Files.exists(dir.resolve("c/d/.model.lock")));
  }

  private static String inUse(Path target, long pid, Path file) {
    return target
        + " is in use by another textrnn process (pid "
        + pid
        + ", lock file "
        + file
        + "); wait for it to end, or choose another path";
  }

  /** Holds the lock of the folder named by its argument until it is killed. */
  public static final class Holder {
    static final String LOCKED = "locked";

    /** Reachable to the end: a lock whose channel is collected is released. */
    static OutputLock held;

    public static void main(String[] args) throws Exception {
      held = OutputLock.acquire(Path.of(args[0]));
      System.out.println(LOCKED);
      Thread.sleep(TimeUnit.MINUTES.toMillis(5));
    }
  }
}
