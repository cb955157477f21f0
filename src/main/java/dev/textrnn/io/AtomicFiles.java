package dev.textrnn.io;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Stream;

/**
 * Writes that a crash never leaves half done: files and folders are built beside their target under
 * a temporary name and renamed into place, so a reader sees the old one or the new one.
 */
public final class AtomicFiles {
  /**
   * The purpose of the name under which {@link #replaceFolder} keeps the old folder until the new
   * one is in place.
   */
  private static final String PREVIOUS = "previous";

  private AtomicFiles() {}

  /** Writes a file through a temporary sibling, synced to disk, and an atomic rename. */
  public static void write(Path target, byte[] bytes) throws IOException {
    Path temporary = temporarySibling(target, "tmp");
    try {
      try (FileChannel channel =
          FileChannel.open(temporary, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
        ByteBuffer buffer = ByteBuffer.wrap(bytes);
        while (buffer.hasRemaining()) {
          channel.write(buffer);
        }
        channel.force(true);
      }
      Files.move(
          temporary, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } finally {
      Files.deleteIfExists(temporary);
    }
  }

  /**
   * A hidden, unused name beside {@code target} to build its replacement under, for example {@code
   * .savedmodel.partial-1f2e3d4c}; nothing is created.
   */
  public static Path temporarySibling(Path target, String purpose) {
    Path absolute = target.toAbsolutePath().normalize();
    return absolute.resolveSibling(
        "."
            + absolute.getFileName()
            + "."
            + purpose
            + "-"
            + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt()));
  }

  /**
   * Moves a complete folder into place. An existing target is renamed away first and deleted last,
   * so that a complete folder, old or new, is always either at the target or, for the instant
   * between the two renames, beside it: a process killed in that instant leaves the old folder
   * there, and the next replacement of the same target moves it back first (see {@link
   * #interruptedReplacement}).
   */
  public static void replaceFolder(Path complete, Path target) throws IOException {
    restoreInterruptedReplacement(target);
    if (!Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
      Files.move(complete, target, StandardCopyOption.ATOMIC_MOVE);
      return;
    }
    Path previous = temporarySibling(target, PREVIOUS);
    Files.move(target, previous, StandardCopyOption.ATOMIC_MOVE);
    try {
      Files.move(complete, target, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException | RuntimeException e) {
      Files.move(previous, target, StandardCopyOption.ATOMIC_MOVE);
      throw e;
    }
    deleteRecursively(previous);
  }

  /**
   * The folder a killed {@link #replaceFolder} had moved aside, when nothing took its place: the
   * target is missing and a {@code .NAME.previous-*} folder stands beside it (the newest, if
   * several).
   */
  public static Optional<Path> interruptedReplacement(Path target) throws IOException {
    Path absolute = target.toAbsolutePath().normalize();
    Path parent = absolute.getParent();
    if (parent == null
        || Files.exists(absolute, LinkOption.NOFOLLOW_LINKS)
        || !Files.isDirectory(parent)) {
      return Optional.empty();
    }
    String prefix = "." + absolute.getFileName() + "." + PREVIOUS + "-";
    try (Stream<Path> siblings = Files.list(parent)) {
      return siblings
          .filter(sibling -> sibling.getFileName().toString().startsWith(prefix))
          .filter(sibling -> Files.isDirectory(sibling, LinkOption.NOFOLLOW_LINKS))
          .max(Comparator.comparing(AtomicFiles::lastModified));
    }
  }

  /**
   * For a message about a missing folder: where a killed {@link #replaceFolder} left it and what to
   * do, as {@code "; …"}, or {@code ""}.
   */
  public static String interruptedReplacementAdvice(Path target) {
    try {
      return interruptedReplacement(target)
          .map(
              previous ->
                  "; a replacement of it was interrupted and left the"
                      + " previous one in "
                      + previous
                      + ": rename that folder to "
                      + target.getFileName())
          .orElse("");
    } catch (IOException | UncheckedIOException e) {
      return "";
    }
  }

  /**
   * Refuses to let a replacement touch anything but a folder of the same kind or an empty folder,
   * so that a mistyped path never deletes someone's files.
   *
   * @param marker a file that every folder of the kind holds, such as {@code saved_model.pb}
   * @param kind the kind for the message, such as {@code "a SavedModel"}
   * @throws FileAlreadyExistsException if {@code target} exists and is neither
   */
  public static void requireReplaceable(Path target, String marker, String kind)
      throws IOException {
    if (!Files.exists(target, LinkOption.NOFOLLOW_LINKS)
        || Files.isRegularFile(target.resolve(marker))) {
      return;
    }
    if (Files.isDirectory(target, LinkOption.NOFOLLOW_LINKS)) {
      try (Stream<Path> entries = Files.list(target)) {
        if (entries.findAny().isEmpty()) {
          return;
        }
      }
    }
    throw new FileAlreadyExistsException(
        target.toString(),
        null,
        "exists and is not " + kind + " folder; not replacing it, choose another path");
  }

  private static void restoreInterruptedReplacement(Path target) throws IOException {
    Optional<Path> previous = interruptedReplacement(target);
    if (previous.isPresent()) {
      try {
        Files.move(previous.get(), target, StandardCopyOption.ATOMIC_MOVE);
      } catch (FileAlreadyExistsException | DirectoryNotEmptyException e) {
        // another process has just put a folder there: nothing was lost
      }
    }
  }

  private static FileTime lastModified(Path path) {
    try {
      return Files.getLastModifiedTime(path, LinkOption.NOFOLLOW_LINKS);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static void deleteRecursively(Path folder) throws IOException {
    if (!Files.exists(folder, LinkOption.NOFOLLOW_LINKS)) {
      return;
    }
    Files.walkFileTree(
        folder,
        new SimpleFileVisitor<>() {
          @Override
          public FileVisitResult visitFile(Path file, BasicFileAttributes attributes)
              throws IOException {
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
