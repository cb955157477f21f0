package dev.textrnn.io;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/** What a folder tree holds, to tell whether anything under it was written. */
public final class FileTree {
  private FileTree() {}

  /**
   * Every path under {@code root}, sorted, a file's with its size and modification time; a tree
   * that changes while it is read gives a line that says so. A folder's own times are left out:
   * checking that a folder can be written (creating and deleting a file in it) changes them, not
   * what it holds.
   */
  public static List<String> snapshot(Path root) {
    try (Stream<Path> paths = Files.walk(root)) {
      List<String> state = new ArrayList<>();
      for (Path path : paths.sorted().toList()) {
        state.add(
            Files.isDirectory(path, LinkOption.NOFOLLOW_LINKS)
                ? root.relativize(path) + "/"
                : root.relativize(path)
                    + " "
                    + Files.size(path)
                    + " "
                    + Files.getLastModifiedTime(path));
      }
      return state;
    } catch (IOException | RuntimeException e) {
      return List.of("changing while read: " + e);
    }
  }
}
