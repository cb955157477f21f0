package dev.textrnn.io;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * A real, small file system for tests of full disks and read-only folders: a tmpfs mounted on a
 * test's folder (root only: the test is skipped otherwise), unmounted on {@link #close}.
 */
public final class Tmpfs implements AutoCloseable {
  private final Path mountPoint;

  private Tmpfs(Path mountPoint) {
    this.mountPoint = mountPoint;
  }

  /** A tmpfs of {@code size} (as mount takes it: {@code 300k}) on a new folder {@code folder}. */
  public static Tmpfs mount(Path folder, String size) throws IOException, InterruptedException {
    assumeTrue(
        "root".equals(System.getProperty("user.name")),
        "mounting a tmpfs needs root; run the tests as root to test full and read-only disks");
    Files.createDirectories(folder);
    run("mount", "-t", "tmpfs", "-o", "size=" + size, "tmpfs", folder.toString());
    return new Tmpfs(folder);
  }

  /** Where it is mounted. */
  public Path path() {
    return mountPoint;
  }

  /** Makes it read-only, keeping what it holds. */
  public Tmpfs readOnly() throws IOException, InterruptedException {
    run("mount", "-o", "remount,ro", mountPoint.toString());
    return this;
  }

  /** Fills it with a file until only about {@code bytes} are free. */
  public Tmpfs fillLeaving(long bytes) throws IOException {
    long usable = Files.getFileStore(mountPoint).getUsableSpace();
    Files.write(mountPoint.resolve("filler"), new byte[(int) Math.max(0, usable - bytes)]);
    return this;
  }

  @Override
  public void close() throws IOException, InterruptedException {
    run("umount", mountPoint.toString());
  }

  private static void run(String... command) throws IOException, InterruptedException {
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!process.waitFor(30, TimeUnit.SECONDS) || process.exitValue() != 0) {
      throw new IOException(String.join(" ", command) + " failed: " + output.strip());
    }
  }
}
