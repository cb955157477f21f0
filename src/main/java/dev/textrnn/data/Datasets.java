package dev.textrnn.data;

import dev.textrnn.model.InvalidSettingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * Labelled texts from a path or from Java lists, as {@code --data PATH} reads them.
 *
 * <p>What {@link #open} reads, by the path:
 *
 * <ul>
 *   <li><b>A folder in Keras's {@code text_dataset_from_directory} layout</b>: one folder per class
 *       holding {@code .txt} files, one text per file (at any depth; folders whose name starts with
 *       a dot are not classes, files beside the class folders are not read). Classes are the
 *       folders in alphanumeric order, or {@code classNames}, which also selects the folders (so
 *       {@code aclImdb/train}, with its {@code unsup/}, reads as {@code neg, pos}). A folder with
 *       {@code train/} and {@code test/} folders holds the splits, a layout in each. Files are in
 *       Keras's order: class by class, each one's by folder and name, then shuffled with {@code
 *       np.random.RandomState(seed)}; {@code validationSplit} keeps the last {@code
 *       int(validationSplit * n)} training files for validation, exactly the files Keras keeps out
 *       with the same seed.
 *   <li><b>The same layout in a {@code .zip}, {@code .tar.gz} or {@code .tgz}</b>, read in place
 *       and never extracted; everything may be inside one top folder (as {@code aclImdb/}). The
 *       same files go to each split as from the extracted folder; a {@code .zip} gives them in
 *       Keras's order, a {@code .tar.gz} in its own (a gzip stream is read from its start). An
 *       entry whose name is absolute or holds {@code ..} or {@code \} is refused; macOS's {@code
 *       __MACOSX/} and {@code ._NAME} entries are skipped.
 *   <li><b>A CSV or TSV file</b> ({@code .csv}, {@code .tsv}): RFC 4180 (quoted fields hold commas
 *       or tabs, quotes written twice, line breaks), UTF-8 with or without a byte-order mark,
 *       through Apache Commons CSV. The first row is the header; {@code textColumn} and {@code
 *       labelColumn} are header names or 0-based indices.
 *   <li><b>A JSON Lines file</b> ({@code .jsonl}): one object a line with the fields {@code
 *       textField} and {@code labelField} (a string, or a whole number for the label).
 * </ul>
 *
 * <p>Labels are strings; the classes are {@code classNames} or every label in alphanumeric order
 * (Python's order of strings), at least two. A file's texts, a CSV's rows and a JSON Lines file's
 * lines keep their order; their validation split keeps out the records Keras's would keep out of a
 * list in that order. Every text must be UTF-8: a file that is not is refused rather than decoded
 * (Keras passes its bytes to the vectorizer as they are). An empty text is a text.
 *
 * <p>Everything is streamed: opening reads the file once to check it and learn its labels (a folder
 * or a {@code .zip} only lists its files), and every pass of {@link TextSource#stream()} reads it
 * again, so memory holds one text at a time.
 */
public final class Datasets {
  private Datasets() {}

  /**
   * Opens the dataset at {@code path}, choosing the reader by what it is: a folder, or a file by
   * its extension ({@code .zip}, {@code .tar.gz}, {@code .tgz}, {@code .csv}, {@code .tsv}, {@code
   * .jsonl}, in any case).
   *
   * @throws DatasetException with one line naming the file, the row, line or entry, and what to do,
   *     for a path or contents that cannot be read as a dataset
   * @throws InvalidSettingException naming an option that does not fit the data (a seed outside
   *     Keras's range where files are shuffled)
   */
  public static TextDataset open(Path path, DatasetOptions options) {
    Objects.requireNonNull(options, "options");
    if (Files.isDirectory(path)) {
      return DirectoryLayout.open(path, options);
    }
    if (!Files.exists(path)) {
      throw new DatasetException(
          path + ": no such file or folder; pass an existing one with --data");
    }
    String name = path.getFileName().toString().toLowerCase(Locale.ROOT);
    if (!Files.isRegularFile(path)) {
      throw new DatasetException(
          path
              + ": is "
              + DatasetLocator.specialFileKind(path)
              + ", not a regular file or folder; pass a dataset's file or folder with --data");
    }
    if (name.endsWith(".zip")) {
      return ZipLayout.open(path, options);
    }
    if (name.endsWith(".tar.gz") || name.endsWith(".tgz")) {
      return TarGzLayout.open(path, options);
    }
    if (name.endsWith(".csv") || name.endsWith(".tsv")) {
      return CsvFile.open(path, name.endsWith(".tsv"), options);
    }
    if (name.endsWith(".jsonl")) {
      return JsonLinesFile.open(path, options);
    }
    throw new DatasetException(
        path
            + ": not a kind of dataset this reads; pass a folder of class folders, a .zip, .tar.gz"
            + " or .tgz of one, a .csv, .tsv or .jsonl file");
  }

  /**
   * The texts of two lists, {@code texts[i]} labelled {@code labels[i]}, with {@code options}'s
   * class names and validation split (its columns and fields do not apply). The lists are copied.
   *
   * @throws IllegalArgumentException if the lists differ in length
   * @throws NullPointerException for a null text or label, naming its index
   * @throws DatasetException for an empty label, a label not among the class names, or a single
   *     class, naming the label's index ({@code labels[3]})
   */
  public static TextDataset of(List<String> texts, List<String> labels, DatasetOptions options) {
    if (texts.size() != labels.size()) {
      throw new IllegalArgumentException(
          texts.size() + " texts and " + labels.size() + " labels; give one label per text");
    }
    for (int i = 0; i < texts.size(); i++) {
      Objects.requireNonNull(texts.get(i), "texts[" + i + "]");
      Objects.requireNonNull(labels.get(i), "labels[" + i + "]");
    }
    List<String> textList = List.copyOf(texts);
    List<String> labelList = List.copyOf(labels);
    return SequentialSource.open(
        "texts",
        () ->
            new Records.Reader() {
              private int next;

              @Override
              public LabelledText next() {
                if (next == textList.size()) {
                  return null;
                }
                int i = next++;
                return new LabelledText(
                    textList.get(i).getBytes(StandardCharsets.UTF_8),
                    labelList.get(i),
                    "labels[" + i + "]");
              }

              @Override
              public void close() {}
            },
        options);
  }
}
