package dev.textrnn.io;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * An exclusive hold on an output for as long as one command writes it, so that two runs never write
 * the same folder: an operating-system lock on a hidden file beside it ({@code .NAME.lock}, holding
 * the owner's pid). The system releases the lock when the process ends, however it ends, so the
 * file a killed run leaves behind blocks nobody; a run that ends normally deletes it.
 *
 * <p>On Linux the lock is a POSIX record lock, which a process loses as soon as it closes any
 * descriptor of the file: the owner reads and writes the file only through its locked channel, and
 * this process never opens a file it holds a second time.
 */
public final class OutputLock implements AutoCloseable {
  /** How long a second run waits for the owner's pid, written just after the owner's lock. */
  private static final int OWNER_READS = 20;

  private static final long OWNER_READ_PAUSE_MS = 5;

  /** The lock files this process holds. */
  private static final Set<Path> HELD = ConcurrentHashMap.newKeySet();

  /** What {@link #identity} gives for a file that does not exist. */
  private static final Object ABSENT = new Object();

  private final Path file;
  private final FileChannel channel;
  private final FileLock lock;
  private final List<Path> createdFolders;

  private OutputLock(Path file, FileChannel channel, FileLock lock, List<Path> createdFolders) {
    this.file = file;
    this.channel = channel;
    this.lock = lock;
    this.createdFolders = createdFolders;
  }

  /** Thrown when another process (or this one) already holds the output. */
  public static final class InUseException extends IOException {
    InUseException(String message) {
      super(message);
    }
  }

  /**
   * Takes the lock of {@code target}, creating the folders above it that are missing (and deleting
   * them again on {@link #close} if they are still empty then).
   *
   * @throws InUseException naming {@code target} and the owner's pid, at once, if another process
   *     holds it
   */
  public static OutputLock acquire(Path target) throws IOException {
    Path resolved = OutputLocation.resolve(target);
    if (resolved.getParent() == null) {
      throw new IOException(target + ": cannot lock a file system's root; choose another path");
    }
    Path file = resolved.resolveSibling("." + resolved.getFileName() + ".lock");
    List<Path> created = missingFolders(file.getParent());
    String pid = Long.toString(ProcessHandle.current().pid());
    if (!HELD.add(file)) {
      throw inUse(target, pid, file);
    }
    try {
      while (true) {
        Files.createDirectories(file.getParent());
        try {
          Files.createFile(file);
        } catch (FileAlreadyExistsException e) {
          // left by a run that has ended, or held by one still running: tried below
        }
        Object before = identity(file);
        FileChannel channel;
        try {
          channel = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE);
        } catch (NoSuchFileException e) {
          continue; // its owner deleted it as it ended
        }
        FileLock lock = channel.tryLock();
        if (lock == null) {
          String owner = readOwner(channel);
          channel.close();
          throw inUse(target, owner, file);
        }
        // An owner deletes the file before it lets go: a lock won on a deleted file holds nothing.
        if (before != ABSENT && Objects.equals(before, identity(file))) {
          byte[] owner = pid.getBytes(StandardCharsets.UTF_8);
          OutputLock held = new OutputLock(file, channel, lock, created);
          try {
            channel.truncate(0);
            channel.write(ByteBuffer.wrap(owner), 0);
          } catch (IOException e) {
            held.close();
            throw OutputLocation.writeFailure(target, owner.length, e);
          }
          return held;
        }
        lock.release();
        channel.close();
      }
    } catch (IOException | RuntimeException e) {
      HELD.remove(file);
      throw e;
    }
  }

  /** Deletes the lock file, then releases the lock, and deletes the folders it created if empty. */
  @Override
  public void close() throws IOException {
    try {
      Files.deleteIfExists(file);
    } finally {
      lock.release();
      channel.close();
      HELD.remove(file);
    }
    for (Path folder : createdFolders) {
      try {
        Files.delete(folder);
      } catch (DirectoryNotEmptyException | NoSuchFileException e) {
        // holds the output now, or was removed: left as it is
      }
    }
  }

  private static InUseException inUse(Path target, String owner, Path file) {
    return new InUseException(
        target
            + " is in use by another textrnn process ("
            + (owner.isEmpty() ? "pid unknown" : "pid " + owner)
            + ", lock file "
            + file
            + "); wait for it to end, or choose another path");
  }

  private static String readOwner(FileChannel channel) throws IOException {
    for (int i = 0; i < OWNER_READS; i++) {
      ByteBuffer buffer = ByteBuffer.allocate(32);
      channel.read(buffer, 0);
      String owner = new String(buffer.array(), 0, buffer.position(), StandardCharsets.UTF_8);
      if (!owner.isBlank()) {
        return owner.strip();
      }
      try {
        Thread.sleep(OWNER_READ_PAUSE_MS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
    }
    return "";
  }

  /** The file's identity (device and inode), null where the file system has none. */
  private static Object identity(Path file) throws IOException {
    try {
      return Files.readAttributes(file, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS)
          .fileKey();
    } catch (NoSuchFileException e) {
      return ABSENT;
    }
  }

  /** The folders from {@code folder} up that do not exist, deepest first. */
  private static List<Path> missingFolders(Path folder) {
    List<Path> missing = new ArrayList<>();
    for (Path f = folder; f != null && !Files.exists(f); f = f.getParent()) {
      missing.add(f);
    }
    return missing;
  }
}
