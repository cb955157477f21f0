package dev.textrnn.io;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Where an output goes: its real place (for comparing outputs and naming their locks), whether it
 * can be written there, checked before any long work, and what a failed write of it means, in one
 * line.
 */
public final class OutputLocation {
  private static final String NO_SPACE = "No space left on device";
  private static final double BYTES_PER_MB = 1e6;

  private OutputLocation() {}

  /**
   * The absolute path with every symbolic link of its existing part resolved, so that two names of
   * one place compare equal; the missing part is appended as given.
   */
  public static Path resolve(Path path) throws IOException {
    Path absolute = path.toAbsolutePath().normalize();
    Path existing = absolute;
    while (!Files.exists(existing)) {
      existing = existing.getParent();
    }
    return existing.toRealPath().resolve(existing.relativize(absolute));
  }

  /**
   * Checks that {@code target} can be created or replaced, by creating and deleting a file where
   * its writer will: in the nearest existing folder above it (where its temporary sibling, its lock
   * and any missing folders go). Nothing is created inside {@code target}, which may be a folder
   * that is replaced whole only while it holds nothing but its own files.
   *
   * @throws IOException starting with {@code target}, naming the folder and why: a read-only file
   *     system, no permission, or a file where a folder is needed
   */
  public static void checkWritable(Path target) throws IOException {
    Path above = nearestExisting(target.toAbsolutePath().normalize().getParent());
    if (!Files.isDirectory(above)) {
      throw new IOException(
          target + ": " + above + " is a file, not a folder; choose another path");
    }
    probe(target, above);
  }

  /**
   * Checks what {@link #checkWritable} does, and also, by a probe in it, that files can be written
   * into {@code folder}: for an output folder that is written into rather than replaced.
   */
  public static void checkWritableInside(Path folder) throws IOException {
    checkWritable(folder);
    if (Files.isDirectory(folder)) {
      probe(folder, folder.toAbsolutePath().normalize());
    }
  }

  /**
   * The failure of a write of {@code target} explained: its file system is read-only, or has no
   * space left (with an estimate of the space needed), or the cause's first line.
   *
   * @param bytesNeeded about how many bytes the whole output takes
   */
  public static OutputWriteException writeFailure(Path target, long bytesNeeded, Throwable cause) {
    Path folder = nearestExisting(target.toAbsolutePath().normalize().getParent());
    String problem;
    if (isReadOnly(folder)) {
      problem = folder + " is on a read-only file system";
    } else if (mentions(cause, NO_SPACE) || usableSpace(folder) < bytesNeeded) {
      problem =
          String.format(
              Locale.ROOT,
              "no space left on %s, %.1f MB needed",
              folder,
              Math.ceil(bytesNeeded / (BYTES_PER_MB / 10)) / 10);
    } else {
      problem = "cannot write it (" + firstLine(cause) + ")";
    }
    return new OutputWriteException(target, problem, cause);
  }

  private static void probe(Path target, Path folder) throws IOException {
    try {
      Files.delete(Files.createTempFile(folder, ".textrnn-probe-", ""));
    } catch (IOException e) {
      String why;
      if (isReadOnly(folder)) {
        why = " is on a read-only file system";
      } else if (e instanceof AccessDeniedException) {
        why = " cannot be written (permission denied)";
      } else {
        why = " cannot be written (" + firstLine(e) + ")";
      }
      throw new IOException(target + ": " + folder + why + "; choose another path", e);
    }
  }

  private static Path nearestExisting(Path path) {
    Path existing = path;
    while (existing.getParent() != null && !Files.exists(existing)) {
      existing = existing.getParent();
    }
    return existing;
  }

  private static boolean isReadOnly(Path folder) {
    try {
      return Files.getFileStore(folder).isReadOnly();
    } catch (IOException e) {
      return false;
    }
  }

  private static long usableSpace(Path folder) {
    try {
      return Files.getFileStore(folder).getUsableSpace();
    } catch (IOException e) {
      return Long.MAX_VALUE;
    }
  }

  private static boolean mentions(Throwable cause, String text) {
    for (Throwable t = cause; t != null; t = t.getCause()) {
      if (t.getMessage() != null && t.getMessage().contains(text)) {
        return true;
      }
    }
    return false;
  }

  /**
   * A file system error's reason alone (its message repeats the path); TensorFlow's first line,
   * without the node and the hints that follow.
   */
  private static String firstLine(Throwable cause) {
    if (cause instanceof FileSystemException e && e.getReason() != null) {
      return e.getReason();
    }
    String message = cause.getMessage();
    return message == null
        ? cause.getClass().getSimpleName()
        : message.strip().lines().findFirst().orElse("");
  }
}
