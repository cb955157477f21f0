package dev.textrnn.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.textrnn.model.InvalidSettingException;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipArchiveOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every input a dataset reader refuses, each as the one line a user reads: the file, the row, line
 * or entry, and what to do.
 */
class DatasetBadInputTest {
  @TempDir Path dir;

  private static final DatasetOptions DEFAULTS = DatasetOptions.defaults();

  private Path file(String name, String content) throws IOException {
    Path file = dir.resolve(name);
    Files.createDirectories(file.getParent());
    return Files.writeString(file, content);
  }

  private Path folder(String... files) throws IOException {
    for (String name : files) {
      file("data/" + name, name);
    }
    return Files.createDirectories(dir.resolve("data"));
  }

  /** The message of opening {@code path} and reading every text of every split. */
  private static String message(Path path, DatasetOptions options) {
    DatasetException e =
        assertThrows(
            DatasetException.class,
            () -> {
              TextDataset dataset = Datasets.open(path, options);
              for (TextSource source :
                  Stream.of(
                          Stream.of(dataset.train()),
                          dataset.validation().stream(),
                          dataset.test().stream())
                      .flatMap(s -> s)
                      .toList()) {
                try (Stream<LabelledText> texts = source.stream()) {
                  texts.forEach(text -> {});
                }
              }
            });
    assertEquals(1, e.getMessage().lines().count(), e.getMessage());
    return e.getMessage();
  }

  private static String message(Path path) {
    return message(path, DEFAULTS);
  }

  @Test
  void classFolderWithoutTexts() throws IOException {
    Path data = folder("a/1.txt", "b/notes.md");
    assertEquals(
        data.resolve("b")
            + ": no .txt files in class folder b; add its texts, one .txt file each, or leave the"
            + " class out with --class-names",
        message(data));
  }

  @Test
  void singleClass() throws IOException {
    Path data = folder("only/1.txt", "only/2.txt");
    assertEquals(
        data
            + ": only one class folder, only/; a classifier needs two or more, one folder of .txt"
            + " files per class",
        message(data));
    Path csv = file("one.csv", "text,label\nx,a\ny,a\n");
    assertEquals(
        csv + ": every text has the label a; a classifier needs two or more classes", message(csv));
  }

  @Test
  void noClassFolders() throws IOException {
    Path data = folder("1.txt", "2.txt");
    assertEquals(
        data
            + ": no class folders (its 2 .txt files, such as 1.txt, lie outside any); put each"
            + " class's .txt files in a folder of its own, CLASS/NAME.txt",
        message(data));
  }

  @Test
  void classNamesWithoutFolders() throws IOException {
    Path data = folder("neg/1.txt", "pos/2.txt");
    assertEquals(
        data
            + ": no folder for class negative, positive (its class folders: neg, pos);"
            + " --class-names names class folders",
        message(data, DEFAULTS.withClassNames(List.of("negative", "positive"))));
  }

  @Test
  void testClassThatTrainLacks() throws IOException {
    Path data = folder("train/a/1.txt", "train/b/2.txt", "test/a/3.txt", "test/c/4.txt");
    assertEquals(
        data.resolve("test/c")
            + ": a class folder that train/ does not have (its classes: a, b); remove it, or"
            + " choose the classes with --class-names",
        message(data));
  }

  @Test
  void labelMissingFromClassNames() throws IOException {
    Path csv = file("l.csv", "text,label\nx,a\ny,b\nz,c\n");
    assertEquals(
        csv
            + ": row 3 (line 4): label c is not one of the class names (a, b); add it to"
            + " --class-names, or remove the text",
        message(csv, DEFAULTS.withClassNames(List.of("a", "b"))));
    Path jsonl =
        file("l.jsonl", "{\"text\": \"x\", \"label\": \"a\"}\n{\"text\": \"y\", \"label\": 7}");
    assertEquals(
        jsonl
            + ": line 2: label 7 is not one of the class names (a, b); add it to --class-names,"
            + " or remove the text",
        message(jsonl, DEFAULTS.withClassNames(List.of("a", "b"))));
    DatasetException e =
        assertThrows(
            DatasetException.class,
            () -> Datasets.of(List.of("x", "y"), List.of("a", ""), DEFAULTS));
    assertEquals("labels[1]: no label; give every text a label", e.getMessage());
  }

  @Test
  void missingColumnOrField() throws IOException {
    Path csv = file("m.csv", "body,label\nx,a\n");
    assertEquals(
        csv
            + ": line 1 (the header): no column text (its columns: body, label); name the column"
            + " with --text-column (a header name or a 0-based index)",
        message(csv));
    assertEquals(
        csv
            + ": line 1 (the header): 2 columns, no column 2; name an existing one with"
            + " --label-column (a header name or a 0-based index)",
        message(csv, DEFAULTS.withColumns("0", "2")));
    Path twice = file("twice.csv", "text,label,text\nx,a,y\n");
    assertEquals(
        twice
            + ": line 1 (the header): two columns are named text (columns 0 and 2); give"
            + " --text-column the index of one",
        message(twice));
    Path jsonl =
        file(
            "m.jsonl",
            "{\"text\": \"x\", \"label\": \"a\"}\n{\"body\": \"y\", \"label\": \"b\"}\n");
    assertEquals(
        jsonl
            + ": line 2: no field text (its fields: body, label); name the field with --text-field",
        message(jsonl));
  }

  @Test
  void rowsOfTheWrongWidth() throws IOException {
    Path csv = file("w.csv", "text,label\nfine,a\nno, quotes,b\n");
    assertEquals(
        csv
            + ": row 2 (line 3): 3 fields where the header has 2; put a field that holds a comma,"
            + " a quote or a line break in double quotes, with its quotes written twice",
        message(csv));
  }

  @Test
  void unterminatedQuote() throws IOException {
    Path csv = file("q.csv", "text,label\nfine,a\n\"never\nclosed,b\nmore,a\n");
    assertEquals(
        csv
            + ": row 2 (line 3): a quote opened in this row is never closed; close it, and write"
            + " a quote inside a quoted field twice (\"\")",
        message(csv));
    Path after = file("after.csv", "text,label\n\"quoted\"then,a\n");
    assertEquals(
        after
            + ": row 1 (line 2): Invalid character between encapsulated token and delimiter at"
            + " line: 2, position: 20; write a quote inside a quoted field twice (\"\"), and quote"
            + " the field",
        message(after));
  }

  /** A quote never closed in a large file stops at 16 Mi characters instead of filling the heap. */
  @Test
  void unterminatedQuoteInALargeFile() throws IOException {
    Path csv = dir.resolve("large.csv");
    try (OutputStream out = Files.newOutputStream(csv)) {
      out.write("text,label\nfine,a\n\"".getBytes(StandardCharsets.US_ASCII));
      byte[] line =
          "an open quote goes on and on,b\n".repeat(1000).getBytes(StandardCharsets.US_ASCII);
      for (long written = 0; written < 20 << 20; written += line.length) {
        out.write(line);
      }
    }
    assertEquals(
        csv
            + ": row 2 (line 3): the row runs past 16 Mi characters; a quote opened in it may"
            + " never be closed, or a text is too long",
        message(csv));
  }

  @Test
  void invalidJsonLine() throws IOException {
    Path jsonl =
        file("j.jsonl", "{\"text\": \"x\", \"label\": \"a\"}\n\n{\"text\": \"y\", label: \"b\"}\n");
    assertEquals(
        jsonl
            + ": line 3: not valid JSON (Unexpected character ('l' (code 108)): was expecting"
            + " double-quote to start field name at column 15); write one JSON object a line",
        message(jsonl));
    Path trailing = file("t.jsonl", "{\"text\": \"x\", \"label\": \"a\"} {}\n");
    assertEquals(
        trailing
            + ": line 1: more after the JSON object, at column 29; write one JSON object a line",
        message(trailing));
    Path array = file("a.jsonl", "[\"x\", \"a\"]\n");
    assertEquals(
        array
            + ": line 1: a JSON array, not an object; write one object a line, such as {\"text\":"
            + " \"…\", \"label\": \"…\"}",
        message(array));
    Path floats = file("f.jsonl", "{\"text\": \"x\", \"label\": 1.5}\n");
    assertEquals(
        floats + ": line 1: field label is a number; give a string or a whole number",
        message(floats));
    Path nullText = file("n.jsonl", "{\"text\": null, \"label\": 1}\n");
    assertEquals(nullText + ": line 1: field text is null, not a string", message(nullText));
  }

  @Test
  void notUtf8() throws IOException {
    Path data = folder("a/1.txt", "b/2.txt");
    Files.write(data.resolve("b/2.txt"), new byte[] {'o', 'k', ' ', (byte) 0xe9, 't', 'e'});
    assertEquals(
        data.resolve("b/2.txt")
            + ": not UTF-8 text (byte 0xe9 at offset 3: a binary file, or another encoding); save"
            + " it as UTF-8",
        message(data));
    Path utf16 = dir.resolve("utf16.csv");
    Files.write(utf16, "text,label\nx,a\n".getBytes(StandardCharsets.UTF_16));
    assertEquals(
        utf16
            + ": line 1: not UTF-8 text (byte 0xfe at offset 0 of the file: a binary file, or"
            + " another encoding); save the file as UTF-8",
        message(utf16));
    Path csv = dir.resolve("latin1.csv");
    Files.write(csv, "text,label\nx,a\ncaf\u00e9,b\n".getBytes(StandardCharsets.ISO_8859_1));
    assertEquals(
        csv
            + ": row 2 (line 3): not UTF-8 text (byte 0xe9 at offset 18 of the file: a binary"
            + " file, or another encoding); save the file as UTF-8",
        message(csv));
    Path jsonl = dir.resolve("latin1.jsonl");
    Files.write(
        jsonl,
        "{\"text\": \"caf\u00e9\", \"label\": \"a\"}\n".getBytes(StandardCharsets.ISO_8859_1));
    assertEquals(
        jsonl
            + ": line 1: not UTF-8 text (byte 0xe9 at offset 13: a binary file, or another"
            + " encoding); save it as UTF-8",
        message(jsonl));
  }

  @Test
  void zipWithEntriesOutsideTheLayout() throws IOException {
    Path escaping = zip("escaping.zip", "pos/1.txt", "neg/2.txt", "../neg/3.txt");
    assertEquals(
        escaping
            + ": entry ../neg/3.txt lies outside the folder layout (an absolute path, .. or \\ in"
            + " its name); make the archive again from the dataset's folder",
        message(escaping));
    Path flat = zip("flat.zip", "1.txt", "2.txt", "3.txt");
    assertEquals(
        flat
            + ": no class folders (its 3 .txt files, such as 1.txt, lie outside any); put each"
            + " class's .txt files in a folder of its own, CLASS/NAME.txt",
        message(flat));
    Path oneFolder = zip("one.zip", "data/1.txt", "data/pos/2.txt");
    assertEquals(
        oneFolder
            + " entry data/: only one class folder, pos/; a classifier needs two or more, one"
            + " folder of .txt files per class",
        message(oneFolder));
  }

  private Path zip(String name, String... entries) throws IOException {
    Path zip = dir.resolve(name);
    try (ZipArchiveOutputStream out = new ZipArchiveOutputStream(zip)) {
      for (String entry : entries) {
        out.putArchiveEntry(new ZipArchiveEntry(entry));
        out.write(entry.getBytes(StandardCharsets.UTF_8));
        out.closeArchiveEntry();
      }
    }
    return zip;
  }

  @Test
  void filesThatAreNotDatasets() throws IOException {
    Path missing = dir.resolve("missing.csv");
    assertEquals(
        missing + ": no such file or folder; pass an existing one with --data", message(missing));
    Path unknown = file("data.parquet", "PAR1");
    assertEquals(
        unknown
            + ": not a kind of dataset this reads; pass a folder of class folders, a .zip, .tar.gz"
            + " or .tgz of one, a .csv, .tsv or .jsonl file",
        message(unknown));
    Path notGzip = file("data.tgz", "plain text");
    assertEquals(
        notGzip
            + ": not a gzip file (starts with 70 6c, expected 1f 8b); a .tar.gz or .tgz must be a"
            + " gzip-compressed tar",
        message(notGzip));
    Path notZip = file("data.zip", "plain text");
    assertEquals(
        notZip
            + ": not a readable zip (Archive is not a ZIP archive); make it again with zip from the"
            + " dataset's folder",
        message(notZip));
    Path empty = file("empty.csv", "");
    assertEquals(
        empty + ": empty; its first line must be a header naming the columns, such as text,label",
        message(empty));
    Path header = file("header.jsonl", "\n");
    assertEquals(header + ": holds no texts; give it a labelled text or more", message(header));
  }

  @Test
  void validationSplitThatKeepsNothing() throws IOException {
    Path csv = file("few.csv", "text,label\nx,a\ny,b\n");
    assertEquals(
        csv
            + ": --validation-split 0.2 of 2 texts keeps none for validation; raise it or add texts",
        message(csv, DEFAULTS.withValidationSplit(0.2)));
    Path data = folder("a/1.txt", "b/2.txt");
    assertEquals(
        data
            + ": --validation-split 0.4 of 2 files keeps none for validation; raise it or add texts",
        message(data, DEFAULTS.withValidationSplit(0.4)));
  }

  @Test
  void optionsOutOfRangeNameTheirField() throws IOException {
    assertSetting(
        "classNames",
        "must name at least 2 classes, got [a]",
        () -> DEFAULTS.withClassNames(List.of("a")));
    assertSetting(
        "validationSplit",
        "must be at least 0 (none) and less than 1, got 1",
        () -> DEFAULTS.withValidationSplit(1));
    assertSetting(
        "labelColumn",
        "must differ from the text column, got text for both",
        () -> DEFAULTS.withColumns("text", "text"));
    Path data = folder("a/1.txt", "b/2.txt");
    assertSetting(
        "seed",
        "must be between 0 and 4294967295 to order files as Keras does (np.random.RandomState),"
            + " got -1",
        () -> Datasets.open(data, DEFAULTS.withSeed(-1)));
  }

  private static void assertSetting(String setting, String problem, Runnable options) {
    InvalidSettingException e = assertThrows(InvalidSettingException.class, options::run);
    assertEquals(setting, e.setting());
    assertEquals(problem, e.problem());
  }

  @Test
  void tooLongAText() throws IOException {
    Path data = folder("a/1.txt", "b/2.txt");
    byte[] big = new byte[(16 << 20) + 1];
    Arrays.fill(big, (byte) 'a');
    Files.write(data.resolve("b/2.txt"), big);
    assertEquals(
        data.resolve("b/2.txt")
            + ": 16777217 bytes, more than the 16 MiB a text may have; split it",
        message(data));
    Path tarGz =
        Files.write(
            dir.resolve("big.tar.gz"),
            TestArchives.tarGz(Map.of("a/1.txt", new byte[] {'x'}, "b/2.txt", big)));
    assertEquals(
        tarGz + " entry b/2.txt: 16777217 bytes, more than the 16 MiB a text may have; split it",
        message(tarGz));
  }
}
