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
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
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

  /** How many foreign entries of a folder a message names. */
  private static final int LISTED = 5;

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
    // A replacement killed after its second rename left the old folder beside the new one.
    for (Path leftover : previousFolders(target)) {
      deleteRecursively(leftover);
    }
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
    return previousFolders(absolute).stream().max(Comparator.comparing(AtomicFiles::lastModified));
  }

  /** The {@code .NAME.previous-*} folders beside {@code target}. */
  private static List<Path> previousFolders(Path target) throws IOException {
    Path absolute = target.toAbsolutePath().normalize();
    Path parent = absolute.getParent();
    if (parent == null || !Files.isDirectory(parent)) {
      return List.of();
    }
    String prefix = "." + absolute.getFileName() + "." + PREVIOUS + "-";
    try (Stream<Path> siblings = Files.list(parent)) {
      return siblings
          .filter(sibling -> sibling.getFileName().toString().startsWith(prefix))
          .filter(sibling -> Files.isDirectory(sibling, LinkOption.NOFOLLOW_LINKS))
          .toList();
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
   * A kind of folder that this project writes whole: the file that marks one, and every entry that
   * it writes in one (glob patterns relative to the folder, such as {@code variables/*.index}).
   *
   * @param description for messages, such as {@code "a SavedModel"}
   */
  public record FolderKind(String description, String marker, List<String> entries) {
    boolean isOwn(Path relative) {
      return entries.stream()
          .anyMatch(
              entry -> relative.getFileSystem().getPathMatcher("glob:" + entry).matches(relative));
    }
  }

  /**
   * Refuses to let a replacement touch anything but an empty folder or a folder of the kind that
   * holds nothing else, so that a mistyped path or a file someone put there is never deleted.
   *
   * @throws FileAlreadyExistsException if {@code target} exists and is neither
   */
  public static void requireReplaceable(Path target, FolderKind kind) throws IOException {
    if (!Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
      return;
    }
    if (Files.isDirectory(target, LinkOption.NOFOLLOW_LINKS)) {
      if (Files.isRegularFile(target.resolve(kind.marker()))) {
        List<String> foreign = foreignEntries(target, kind);
        if (foreign.isEmpty()) {
          return;
        }
        throw new FileAlreadyExistsException(
            target.toString(),
            null,
            "is "
                + kind.description()
                + " folder but also holds "
                + listed(foreign)
                + ", which this program did not write; not replacing it: move "
                + (foreign.size() == 1 ? "that" : "those")
                + " out, or choose another path");
      }
      try (Stream<Path> entries = Files.list(target)) {
        if (entries.findAny().isEmpty()) {
          return;
        }
      }
    }
    throw new FileAlreadyExistsException(
        target.toString(),
        null,
        "exists and is not "
            + kind.description()
            + " folder; not replacing it, choose another path");
  }

  private static String listed(List<String> names) {
    return names.size() <= LISTED
        ? String.join(", ", names)
        : String.join(", ", names.subList(0, LISTED)) + " and " + (names.size() - LISTED) + " more";
  }

  /** The entries of {@code folder} that its kind does not write, a folder's named as {@code x/}. */
  private static List<String> foreignEntries(Path folder, FolderKind kind) throws IOException {
    List<String> foreign = new ArrayList<>();
    Files.walkFileTree(
        folder,
        new SimpleFileVisitor<>() {
          @Override
          public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attributes) {
            Path relative = folder.relativize(dir);
            if (dir.equals(folder) || kind.isOwn(relative)) {
              return FileVisitResult.CONTINUE;
            }
            foreign.add(relative + "/");
            return FileVisitResult.SKIP_SUBTREE;
          }

          @Override
          public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) {
            Path relative = folder.relativize(file);
            if (!kind.isOwn(relative)) {
              foreign.add(relative.toString());
            }
            return FileVisitResult.CONTINUE;
          }
        });
    Collections.sort(foreign);
    return foreign;
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
