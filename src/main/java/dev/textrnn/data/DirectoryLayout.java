package dev.textrnn.data;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/** A folder in Keras's layout (see {@link FolderLayout}), its files read as they are streamed. */
final class DirectoryLayout implements FolderLayout.Tree {
  private final Path root;
  private final String separator;

  private DirectoryLayout(Path root) {
    this.root = root;
    this.separator = root.getFileSystem().getSeparator();
  }

  static TextDataset open(Path root, DatasetOptions options) {
    DirectoryLayout tree = new DirectoryLayout(root);
    FolderLayout.Splits splits = FolderLayout.read(tree, options);
    return new TextDataset(
        root.toString(),
        splits.classNames(),
        tree.source(splits.test() == null ? root.toString() : root + "/train", splits.train()),
        splits.validation() == null
            ? null
            : tree.source(root + " (validation split)", splits.validation()),
        splits.test() == null ? null : tree.source(root + "/test", splits.test()));
  }

  private TextSource source(String name, List<FolderLayout.TextFile> files) {
    return new FileListSource(
        name,
        files,
        this,
        () ->
            new FileListSource.Files() {
              @Override
              public byte[] read(String path, String origin) throws IOException {
                Path file = root.resolve(path);
                if (Files.size(file) > TextBytes.MAX_TEXT_BYTES) {
                  throw new DatasetException(
                      origin + ": " + Files.size(file) + " bytes, " + TextBytes.TOO_LONG);
                }
                return Files.readAllBytes(file);
              }

              @Override
              public void close() {}
            });
  }

  @Override
  public List<String> folders(String folder) {
    try (Stream<Path> children = Files.list(root.resolve(folder))) {
      return children
          .filter(Files::isDirectory)
          .map(child -> child.getFileName().toString())
          .collect(Collectors.toList());
    } catch (IOException e) {
      throw Records.unreadable(describe(folder), e);
    }
  }

  /**
   * As Python's {@code os.walk}: folders reached through a symbolic link are not entered, linked
   * files are files.
   */
  @Override
  public List<String> files(String folder) {
    Path start;
    try {
      start = root.resolve(folder).toRealPath();
    } catch (IOException e) {
      throw Records.unreadable(describe(folder), e);
    }
    try (Stream<Path> walk = Files.walk(start)) {
      return walk.filter(path -> !Files.isDirectory(path))
          .map(path -> start.relativize(path).toString().replace(separator, "/"))
          .collect(Collectors.toList());
    } catch (IOException e) {
      throw Records.unreadable(describe(folder), e);
    } catch (UncheckedIOException e) {
      throw Records.unreadable(describe(folder), e.getCause());
    }
  }

  @Override
  public String describe(String path) {
    return root.resolve(path).toString();
  }
}
