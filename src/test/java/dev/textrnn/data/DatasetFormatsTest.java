package dev.textrnn.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What each format reads, on small files written byte for byte. */
class DatasetFormatsTest {
  @TempDir Path dir;

  private static final byte[] BOM = {(byte) 0xef, (byte) 0xbb, (byte) 0xbf};

  private Path write(String name, String content, boolean bom) throws IOException {
    byte[] bytes = content.getBytes(StandardCharsets.UTF_8);
    Path file = dir.resolve(name);
    if (bom) {
      byte[] withBom = new byte[bytes.length + 3];
      System.arraycopy(BOM, 0, withBom, 0, 3);
      System.arraycopy(bytes, 0, withBom, 3, bytes.length);
      bytes = withBom;
    }
    return Files.write(file, bytes);
  }

  /** Each record as origin | label | text. */
  private static List<String> records(TextSource source) {
    try (Stream<LabelledText> texts = source.stream()) {
      return texts
          .map(t -> t.origin() + " | " + t.label() + " | " + t.textString())
          .collect(Collectors.toList());
    }
  }

  @Test
  void csvQuotesLineBreaksByteOrderMarkAndEmptyTexts() throws IOException {
    Path csv =
        write(
            "reviews.csv",
            "id,text,label\r\n"
                + "1,\"He said \"\"hi\"\", then left\",pos\r\n"
                + "2,\"two\r\nlines, and a comma\",neg\r\n"
                + "\r\n"
                + "3,,neg\r\n"
                + "4,plain ünïcödé,pos",
            true);
    TextDataset dataset = Datasets.open(csv, DatasetOptions.defaults());
    assertEquals(List.of("neg", "pos"), dataset.classNames());
    assertEquals(4, dataset.train().size());
    assertEquals(
        List.of(
            csv + ": row 1 (line 2) | pos | He said \"hi\", then left",
            csv + ": row 2 (line 3) | neg | two\r\nlines, and a comma",
            csv + ": row 3 (line 6) | neg | ",
            csv + ": row 4 (line 7) | pos | plain ünïcödé"),
        records(dataset.train()));
    assertEquals(records(dataset.train()), records(dataset.train()), "a second pass");
  }

  @Test
  void tsvColumnsByIndex() throws IOException {
    Path tsv =
        write(
            "data.tsv",
            "label\tbody\n" + "b\tcommas, unquoted\n" + "a\t\"a \"\"quoted\"\" tab:\t\"\n",
            false);
    TextDataset dataset = Datasets.open(tsv, DatasetOptions.defaults().withColumns("1", "0"));
    assertEquals(
        List.of(
            tsv + ": row 1 (line 2) | b | commas, unquoted",
            tsv + ": row 2 (line 3) | a | a \"quoted\" tab:\t"),
        records(dataset.train()));
    TextDataset byName = Datasets.open(tsv, DatasetOptions.defaults().withColumns("body", "label"));
    assertEquals(records(dataset.train()), records(byName.train()));
  }

  @Test
  void jsonLinesWithBlankLinesCrLfAndNumberLabels() throws IOException {
    Path jsonl =
        write(
            "data.jsonl",
            "{\"body\": \"caf\\u00e9 \\\"ok\\\"\", \"stars\": 5, \"extra\": [1]}\r\n"
                + "\n"
                + "   \n"
                + "{\"stars\": \"3\", \"body\": \"\"}\n"
                + "{\"body\": \"line\\nbreak\", \"stars\": 10}",
            true);
    TextDataset dataset =
        Datasets.open(jsonl, DatasetOptions.defaults().withFields("body", "stars"));
    assertEquals(List.of("10", "3", "5"), dataset.classNames(), "labels in Python's string order");
    assertEquals(
        List.of(
            jsonl + ": line 1 | 5 | café \"ok\"",
            jsonl + ": line 4 | 3 | ",
            jsonl + ": line 5 | 10 | line\nbreak"),
        records(dataset.train()));
  }

  @Test
  void classNamesOrderAndSelect() throws IOException {
    Path csv = write("c.csv", "text,label\nx,b\ny,a\nz,b\n", false);
    assertEquals(List.of("a", "b"), Datasets.open(csv, DatasetOptions.defaults()).classNames());
    TextDataset given =
        Datasets.open(csv, DatasetOptions.defaults().withClassNames(List.of("b", "a", "c")));
    assertEquals(List.of("b", "a", "c"), given.classNames());
    assertEquals(0, given.classIndex("b"));
    assertEquals(2, given.classIndex("c"));

    Path folder = dir.resolve("folder");
    for (String path : List.of("neg/1.txt", "pos/2.txt", "unsup/3.txt", "unsup/4.txt")) {
      Files.createDirectories(folder.resolve(path).getParent());
      Files.writeString(folder.resolve(path), path);
    }
    assertEquals(
        List.of("neg", "pos", "unsup"),
        Datasets.open(folder, DatasetOptions.defaults()).classNames());
    TextDataset selected =
        Datasets.open(folder, DatasetOptions.defaults().withClassNames(List.of("pos", "neg")));
    assertEquals(2, selected.train().size());
    assertEquals(
        Set.of("pos | pos/2.txt", "neg | neg/1.txt"),
        records(selected.train()).stream()
            .map(r -> r.substring(r.indexOf(" | ") + 3))
            .collect(Collectors.toSet()));
  }

  /**
   * A CSV's validation split keeps out the rows Keras keeps out of a list in file order: the last
   * int(0.25 * 1000) = 250 of numpy's shuffle with the seed (from
   * tools/keras/dataset_reference.py).
   */
  @Test
  void validationSplitOfRowsIsKerasOnList() throws IOException {
    JsonNode permutation =
        new ObjectMapper()
            .readTree(Path.of("src/test/resources/keras/dataset/layout.json").toFile())
            .get("permutations")
            .get(0);
    StringBuilder csv = new StringBuilder("text,label\n");
    List<String> texts = new ArrayList<>();
    List<String> labels = new ArrayList<>();
    for (int i = 0; i < 1000; i++) {
      csv.append("text ").append(i).append(',').append(i % 3).append('\n');
      texts.add("text " + i);
      labels.add(Integer.toString(i % 3));
    }
    Set<String> expected = new HashSet<>();
    for (int i = 750; i < 1000; i++) {
      expected.add("text " + permutation.get("order").get(i).asInt());
    }
    DatasetOptions options =
        DatasetOptions.defaults()
            .withValidationSplit(0.25)
            .withSeed(permutation.get("seed").asLong());
    for (TextDataset dataset :
        List.of(
            Datasets.open(write("rows.csv", csv.toString(), false), options),
            Datasets.of(texts, labels, options))) {
      List<String> train = texts(dataset.train());
      List<String> validation = texts(dataset.validation().orElseThrow());
      assertEquals(750, dataset.train().size());
      assertEquals(250, dataset.validation().orElseThrow().size());
      assertEquals(expected, new HashSet<>(validation), dataset.name());
      assertEquals(250, validation.size());
      assertEquals(750, train.size());
      Set<String> all = new HashSet<>(train);
      all.addAll(validation);
      assertEquals(1000, all.size(), "nothing overlaps, nothing is lost");
      assertEquals(sortedByNumber(validation), validation, "rows keep the file's order");
    }
  }

  private static List<String> texts(TextSource source) {
    try (Stream<LabelledText> texts = source.stream()) {
      return texts.map(LabelledText::textString).collect(Collectors.toList());
    }
  }

  private static List<String> sortedByNumber(List<String> texts) {
    List<String> sorted = new ArrayList<>(texts);
    sorted.sort((a, b) -> Integer.compare(number(a), number(b)));
    return sorted;
  }

  private static int number(String text) {
    return Integer.parseInt(text.substring(text.indexOf(' ') + 1));
  }

  @Test
  void javaLists() {
    TextDataset dataset =
        Datasets.of(
            List.of("great", "awful", "", "fine"),
            List.of("pos", "neg", "neg", "pos"),
            DatasetOptions.defaults());
    assertEquals(List.of("neg", "pos"), dataset.classNames());
    assertEquals(
        List.of(
            "labels[0] | pos | great",
            "labels[1] | neg | awful",
            "labels[2] | neg | ",
            "labels[3] | pos | fine"),
        records(dataset.train()));
    assertTrue(dataset.validation().isEmpty() && dataset.test().isEmpty());
  }

  /**
   * A folder with train/ and test/ is split by them, the validation split taken from train/; an
   * archive's single top folder is its root, and files beside the class folders are not read.
   */
  @Test
  void trainAndTestFoldersInAnArchive() throws IOException {
    Map<String, byte[]> entries = new LinkedHashMap<>();
    for (String path :
        List.of(
            "aclImdb/README",
            "aclImdb/imdbEr.txt",
            "aclImdb/train/urls_pos.txt",
            "aclImdb/train/neg/1.txt",
            "aclImdb/train/neg/2.txt",
            "aclImdb/train/pos/3.txt",
            "aclImdb/train/pos/4.txt",
            "aclImdb/train/unsup/5.txt",
            "aclImdb/test/pos/6.txt",
            "aclImdb/test/neg/7.txt")) {
      entries.put(path, path.getBytes(StandardCharsets.UTF_8));
    }
    Path tarGz = Files.write(dir.resolve("small.tar.gz"), TestArchives.tarGz(entries));
    TextDataset inferred = Datasets.open(tarGz, DatasetOptions.defaults());
    assertEquals(List.of("neg", "pos", "unsup"), inferred.classNames());
    assertEquals(5, inferred.train().size());
    TextDataset imdb =
        Datasets.open(
            tarGz,
            DatasetOptions.defaults()
                .withClassNames(List.of("neg", "pos"))
                .withValidationSplit(0.5));
    assertEquals(2, imdb.train().size());
    assertEquals(2, imdb.validation().orElseThrow().size());
    assertEquals(
        List.of(
            tarGz + " entry aclImdb/test/pos/6.txt | pos | aclImdb/test/pos/6.txt",
            tarGz + " entry aclImdb/test/neg/7.txt | neg | aclImdb/test/neg/7.txt"),
        records(imdb.test().orElseThrow()),
        "archive order");
    Set<String> trainAndValidation = new HashSet<>(texts(imdb.train()));
    trainAndValidation.addAll(texts(imdb.validation().orElseThrow()));
    assertEquals(
        Set.of(
            "aclImdb/train/neg/1.txt",
            "aclImdb/train/neg/2.txt",
            "aclImdb/train/pos/3.txt",
            "aclImdb/train/pos/4.txt"),
        trainAndValidation);
  }
}
