package dev.textrnn.cli;

import dev.textrnn.io.OutputLock;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The locks of a command's output folders, taken before its work and held until it ends, so that a
 * second command on one of them fails at once (see {@link OutputLock}).
 */
final class OutputLocks implements AutoCloseable {
  private final List<OutputLock> held = new ArrayList<>();

  private OutputLocks() {}

  /**
   * Locks every folder, or none: one in use fails naming its flag, the folder and the owner's pid.
   */
  static OutputLocks acquire(Map<String, Path> folders) throws IOException {
    OutputLocks locks = new OutputLocks();
    try {
      folders.forEach(
          (flag, folder) ->
              Checks.output(flag, folder, path -> locks.held.add(OutputLock.acquire(path))));
    } catch (RuntimeException e) {
      locks.close();
      throw e;
    }
    return locks;
  }

  @Override
  public void close() throws IOException {
    for (int i = held.size() - 1; i >= 0; i--) {
      held.get(i).close();
    }
    held.clear();
  }
}
