package dev.textrnn.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Folder replacement: what a kill between its two renames leaves, and what it refuses to replace.
 */
class AtomicFilesTest {
  private static final AtomicFiles.FolderKind KIND =
      new AtomicFiles.FolderKind(
          "a test", "marker", List.of("marker", "content", "parts", "parts/*.part"));

  @TempDir Path dir;

  /**
   * The state a SIGKILL between the two renames leaves (too brief an instant to hit from a test).
   */
  @Test
  void aReplacementKilledBetweenItsRenamesIsUndoneByTheNext() throws IOException {
    Path target = folderWith("model", "old");
    Path previous = AtomicFiles.temporarySibling(target, "previous");
    Files.move(target, previous);

    assertEquals(Optional.of(previous), AtomicFiles.interruptedReplacement(target));
    assertEquals(
        "; a replacement of it was interrupted and left the previous one in "
            + previous
            + ": rename that folder to model",
        AtomicFiles.interruptedReplacementAdvice(target));

    AtomicFiles.replaceFolder(folderWith(".model.export-1", "new"), target);
    assertEquals("new", Files.readString(target.resolve("content")));
    assertEquals(
        List.of("model"),
        entries(),
        "the previous folder was moved back, then replaced and deleted");
    assertEquals(Optional.empty(), AtomicFiles.interruptedReplacement(target));
    assertEquals("", AtomicFiles.interruptedReplacementAdvice(target));
  }

  @Test
  void aTargetThatExistsIsNotAnInterruptedReplacement() throws IOException {
    Path target = folderWith("model", "current");
    folderWith(".model.previous-0000abcd", "left by a kill after the second rename");
    assertEquals(Optional.empty(), AtomicFiles.interruptedReplacement(target));
  }

  /** The old folder that a kill after the second rename left is deleted by the next replacement. */
  @Test
  void aReplacementKilledAfterItsRenamesIsCleanedUpByTheNext() throws IOException {
    Path target = folderWith("model", "current");
    folderWith(".model.previous-0000abcd", "left by a kill after the second rename");
    AtomicFiles.replaceFolder(folderWith(".model.export-1", "new"), target);
    assertEquals("new", Files.readString(target.resolve("content")));
    assertEquals(List.of("model"), entries());
  }

  @Test
  void onlyAFolderOfTheSameKindOrAnEmptyOneIsReplaceable() throws IOException {
    AtomicFiles.requireReplaceable(dir.resolve("absent"), KIND);
    AtomicFiles.requireReplaceable(Files.createDirectory(dir.resolve("empty")), KIND);
    Path sameKind = folderWith("same-kind", "x");
    Files.writeString(sameKind.resolve("marker"), "");
    Files.writeString(Files.createDirectories(sameKind.resolve("parts")).resolve("1.part"), "");
    AtomicFiles.requireReplaceable(sameKind, KIND);

    Path notes = folderWith("notes", "keep me");
    FileAlreadyExistsException e =
        assertThrows(
            FileAlreadyExistsException.class, () -> AtomicFiles.requireReplaceable(notes, KIND));
    assertEquals(
        notes + ": exists and is not a test folder; not replacing it, choose another path",
        e.getMessage());
    Path file = Files.writeString(dir.resolve("file.txt"), "keep me too");
    assertThrows(
        FileAlreadyExistsException.class, () -> AtomicFiles.requireReplaceable(file, KIND));
    assertEquals("keep me", Files.readString(notes.resolve("content")));
  }

  /** What the project did not write is never deleted, even inside a folder that it did write. */
  @Test
  void aFolderOfTheKindThatHoldsOtherFilesIsNotReplaceable() throws IOException {
    Path mixed = folderWith("mixed", "x");
    Files.writeString(mixed.resolve("marker"), "");
    Files.writeString(Files.createDirectories(mixed.resolve("parts")).resolve("notes.txt"), "");
    Files.writeString(Files.createDirectories(mixed.resolve("model/assets")).resolve("a"), "");

    FileAlreadyExistsException e =
        assertThrows(
            FileAlreadyExistsException.class, () -> AtomicFiles.requireReplaceable(mixed, KIND));
    assertEquals(
        mixed
            + ": is a test folder but also holds model/, parts/notes.txt, which this program did"
            + " not write; not replacing it: move those out, or choose another path",
        e.getMessage());
  }

  private Path folderWith(String name, String content) throws IOException {
    Path folder = Files.createDirectory(dir.resolve(name));
    Files.writeString(folder.resolve("content"), content);
    return folder;
  }

  private List<String> entries() throws IOException {
    try (Stream<Path> entries = Files.list(dir)) {
      return entries.map(path -> path.getFileName().toString()).sorted().toList();
    }
  }
}
