package dev.textrnn.data;

import dev.textrnn.data.FolderLayout.TextFile;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.Collections;
import java.util.List;
import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipFile;

/**
 * A {@code .zip} holding Keras's folder layout (see {@link FolderLayout}), read in place: each pass
 * opens the archive and reads its entries in Keras's order.
 */
final class ZipLayout {
  private ZipLayout() {}

  private static final String ACTION = "make it again with zip from the dataset's folder";

  static TextDataset open(Path archive, DatasetOptions options) {
    ArchiveTree tree = new ArchiveTree(archive);
    try (ZipFile zip = openZip(archive)) {
      for (ZipArchiveEntry entry : Collections.list(zip.getEntries())) {
        tree.add(entry.getName(), entry.isDirectory());
      }
    } catch (IOException e) {
      throw Records.unreadable(archive.toString(), e);
    }
    tree.rooted();
    FolderLayout.Splits splits = FolderLayout.read(tree, options);
    return new TextDataset(
        archive.toString(),
        splits.classNames(),
        source(archive, tree, splits.test() == null ? "" : " train/", splits.train()),
        splits.validation() == null
            ? null
            : source(archive, tree, " (validation split)", splits.validation()),
        splits.test() == null ? null : source(archive, tree, " test/", splits.test()));
  }

  private static ZipFile openZip(Path archive) {
    try {
      return ZipFile.builder().setPath(archive).get();
    } catch (IOException e) {
      throw new DatasetException(
          archive + ": not a readable zip (" + DatasetException.reason(e, false) + "); " + ACTION,
          e);
    }
  }

  private static TextSource source(
      Path archive, ArchiveTree tree, String split, List<TextFile> files) {
    return new FileListSource(
        archive + split,
        files,
        tree,
        () -> {
          ZipFile zip = openZip(archive);
          return new FileListSource.Files() {
            @Override
            public byte[] read(String path, String origin) throws IOException {
              ZipArchiveEntry entry = zip.getEntry(tree.entryName(path));
              if (entry == null) {
                throw new DatasetException(origin + ": gone from the archive since it was opened");
              }
              if (entry.getSize() > TextBytes.MAX_TEXT_BYTES) {
                throw new DatasetException(
                    origin + ": " + entry.getSize() + " bytes, " + TextBytes.TOO_LONG);
              }
              try (InputStream in = zip.getInputStream(entry)) {
                byte[] text = in.readNBytes(TextBytes.MAX_TEXT_BYTES + 1);
                if (text.length > TextBytes.MAX_TEXT_BYTES) {
                  throw new DatasetException(origin + ": " + TextBytes.TOO_LONG);
                }
                return text;
              }
            }

            @Override
            public void close() throws IOException {
              zip.close();
            }
          };
        });
  }
}
