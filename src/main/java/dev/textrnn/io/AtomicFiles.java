package dev.textrnn.io;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;

/**
 * Writes that a crash never leaves half done: files and folders are built beside their target
 * under a temporary name and renamed into place, so a reader sees the old one or the new one.
 */
public final class AtomicFiles {
  private AtomicFiles() {}

  /** Writes a file through a temporary sibling and an atomic rename. */
  public static void write(Path target, byte[] bytes) throws IOException {
    Path temporary = target.resolveSibling(target.getFileName() + ".tmp");
    try {
      Files.write(temporary, bytes);
      Files.move(temporary, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } finally {
      Files.deleteIfExists(temporary);
    }
  }

  /** A folder beside {@code target} to build its replacement in. */
  public static Path temporaryFolderFor(Path target) throws IOException {
    Path parent = target.toAbsolutePath().getParent();
    Files.createDirectories(parent);
    return Files.createTempDirectory(parent, "." + target.getFileName() + ".partial-");
  }

  /**
   * Moves a complete folder into place. An existing target is renamed away first and deleted
   * last, so that at every moment either the old or the new folder is complete.
   */
  public static void replaceFolder(Path complete, Path target) throws IOException {
    if (!Files.exists(target)) {
      Files.move(complete, target, StandardCopyOption.ATOMIC_MOVE);
      return;
    }
    Path previous = Files.createTempDirectory(target.toAbsolutePath().getParent(),
        "." + target.getFileName() + ".previous-");
    Files.delete(previous);
    Files.move(target, previous, StandardCopyOption.ATOMIC_MOVE);
    try {
      Files.move(complete, target, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      Files.move(previous, target, StandardCopyOption.ATOMIC_MOVE);
      throw e;
    }
    deleteRecursively(previous);
  }

  public static void deleteRecursively(Path folder) throws IOException {
    if (!Files.exists(folder)) {
      return;
    }
    Files.walkFileTree(folder, new SimpleFileVisitor<>() {
      @Override
      public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) throws IOException {
        Files.delete(file);
        return FileVisitResult.CONTINUE;
      }

      @Override
      public FileVisitResult postVisitDirectory(Path dir, IOException e) throws IOException {
        Files.delete(dir);
        return FileVisitResult.CONTINUE;
      }
    });
  }
}
