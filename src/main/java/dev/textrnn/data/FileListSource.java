package dev.textrnn.data;

import dev.textrnn.data.FolderLayout.TextFile;
import java.io.Closeable;
import java.io.IOException;
import java.util.Iterator;
import java.util.List;
import java.util.function.Supplier;
import java.util.stream.Stream;

/** A split of a folder layout whose files can be read in any order (a folder, a {@code .zip}). */
final class FileListSource implements TextSource {

  /** One pass's access to the files. */
  interface Files extends Closeable {
    /**
     * A file's bytes.
     *
     * @param origin the file as messages name it
     * @throws DatasetException for a file that is too long
     */
    byte[] read(String path, String origin) throws IOException;
  }

  private final String name;
  private final List<TextFile> files;
  private final FolderLayout.Tree tree;
  private final Supplier<Files> open;

  /**
   * @param files in the order a pass gives them
   * @param tree what names the files in messages
   * @param open opens the files for one pass
   */
  FileListSource(String name, List<TextFile> files, FolderLayout.Tree tree, Supplier<Files> open) {
    this.name = name;
    this.files = List.copyOf(files);
    this.tree = tree;
    this.open = open;
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public int size() {
    return files.size();
  }

  @Override
  public Stream<LabelledText> stream() {
    Files opened = open.get();
    Iterator<TextFile> next = files.iterator();
    return Records.stream(
        new Records.Reader() {
          @Override
          public LabelledText next() throws IOException {
            if (!next.hasNext()) {
              return null;
            }
            TextFile file = next.next();
            String origin = tree.describe(file.path());
            byte[] text;
            try {
              text = opened.read(file.path(), origin);
            } catch (IOException e) {
              throw Records.unreadable(origin, e);
            }
            return new LabelledText(TextBytes.checked(text, origin), file.label(), origin);
          }

          @Override
          public void close() throws IOException {
            opened.close();
          }
        },
        name);
  }
}
