package dev.textrnn.data;

import dev.textrnn.data.FolderLayout.TextFile;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;

/**
 * A {@code .tar.gz} or {@code .tgz} holding Keras's folder layout (see {@link FolderLayout}),
 * streamed and never extracted: a first pass lists its entries; each pass of a split decompresses
 * the archive again and gives that split's files in the archive's order (the same files as Keras's
 * split of the extracted folder, in the order a gzip stream allows).
 */
final class TarGzLayout {
  private TarGzLayout() {}

  static final String NOT_GZIP = "a .tar.gz or .tgz must be a gzip-compressed tar";
  static final String DAMAGED = "make the archive again, or check it with gzip -t";

  static TextDataset open(Path archive, DatasetOptions options) {
    ArchiveTree tree = new ArchiveTree(archive);
    TarGzEntries.read(
        archive,
        NOT_GZIP,
        DAMAGED,
        (entry, tar) -> {
          if (entry.isFile() || entry.isDirectory()) {
            tree.add(entry.getName(), entry.isDirectory());
          }
        });
    tree.rooted();
    FolderLayout.Splits splits = FolderLayout.read(tree, options);
    return new TextDataset(
        archive.toString(),
        splits.classNames(),
        new Split(archive, tree, splits.test() == null ? "" : " train/", splits.train()),
        splits.validation() == null
            ? null
            : new Split(archive, tree, " (validation split)", splits.validation()),
        splits.test() == null ? null : new Split(archive, tree, " test/", splits.test()));
  }

  private static final class Split implements TextSource {
    private final Path archive;
    private final String name;
    private final Map<String, String> labels = new HashMap<>(); // by entry name

    Split(Path archive, ArchiveTree tree, String split, List<TextFile> files) {
      this.archive = archive;
      this.name = archive + split;
      for (TextFile file : files) {
        labels.put(tree.entryName(file.path()), file.label());
      }
    }

    @Override
    public String name() {
      return name;
    }

    @Override
    public int size() {
      return labels.size();
    }

    @Override
    public Stream<LabelledText> stream() {
      TarGzEntries tar = new TarGzEntries(archive, NOT_GZIP, DAMAGED);
      return Records.stream(
          new Records.Reader() {
            @Override
            public LabelledText next() {
              for (TarArchiveEntry entry; (entry = tar.next()) != null; ) {
                String label =
                    entry.isFile() ? labels.get(ArchiveTree.normalized(entry.getName())) : null;
                if (label != null) {
                  String origin = archive + " entry " + entry.getName();
                  if (entry.getSize() > TextBytes.MAX_TEXT_BYTES) {
                    throw new DatasetException(
                        origin + ": " + entry.getSize() + " bytes, " + TextBytes.TOO_LONG);
                  }
                  return new LabelledText(
                      TextBytes.checked(tar.body(entry), origin), label, origin);
                }
              }
              return null;
            }

            @Override
            public void close() {
              tar.close();
            }
          },
          name);
    }
  }
}
