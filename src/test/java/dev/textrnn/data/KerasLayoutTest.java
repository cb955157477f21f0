package dev.textrnn.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipArchiveOutputStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The folder layout against real Keras (tools/keras/dataset_reference.py): the classes, the order
 * of the files for several seeds, the files of each side of a validation split, and numpy's shuffle
 * itself; a .zip and a .tar.gz of the same folder give the same files.
 */
class KerasLayoutTest {
  static final Path LAYOUT = Path.of("src/test/resources/data/layout");
  private static JsonNode reference;

  @TempDir Path dir;

  @BeforeAll
  static void readReference() throws IOException {
    reference =
        new ObjectMapper()
            .readTree(Path.of("src/test/resources/keras/dataset/layout.json").toFile());
  }

  @Test
  void classesAreKerasOnes() {
    TextDataset dataset = Datasets.open(LAYOUT, DatasetOptions.defaults());
    assertEquals(strings(reference.get("class_names")), dataset.classNames());
    assertEquals(List.of("C", "a", "b", "ä", "ｚ", "😀"), dataset.classNames());
  }

  @Test
  void filesComeInKerasOrderForEverySeed() {
    for (JsonNode order : reference.get("orders")) {
      long seed = order.get("seed").asLong();
      TextDataset dataset = Datasets.open(LAYOUT, DatasetOptions.defaults().withSeed(seed));
      List<String> expected = new ArrayList<>();
      JsonNode files = order.get("files");
      for (int i = 0; i < files.size(); i++) {
        expected.add(
            LAYOUT.resolve(files.get(i).asText()) + " " + order.get("labels").get(i).asText());
      }
      assertEquals(expected, originsAndLabels(dataset.train()), "seed " + seed);
    }
  }

  @Test
  void validationSplitKeepsOutTheFilesKerasKeepsOut() {
    for (JsonNode split : reference.get("splits")) {
      DatasetOptions options =
          DatasetOptions.defaults()
              .withSeed(split.get("seed").asLong())
              .withValidationSplit(split.get("validation_split").asDouble());
      if (split.get("class_names").size() < reference.get("class_names").size()) {
        options = options.withClassNames(strings(split.get("class_names")));
      }
      TextDataset dataset = Datasets.open(LAYOUT, options);
      String what = split.toString().substring(0, 60);
      assertEquals(strings(split.get("class_names")), dataset.classNames(), what);
      assertEquals(pairs(split.get("validation")), texts(dataset.validation().orElseThrow()), what);
      List<List<String>> train = texts(dataset.train());
      train.sort( // as Python sorts lists of strings
          Comparator.comparing((List<String> p) -> p.get(0), KerasFileOrder.PYTHON_ORDER)
              .thenComparing(p -> p.get(1), KerasFileOrder.PYTHON_ORDER));
      assertEquals(pairs(split.get("train_sorted")), train, what);
    }
  }

  @Test
  void numpyShuffle() {
    for (JsonNode permutation : reference.get("permutations")) {
      int[] expected = new int[permutation.get("n").asInt()];
      for (int i = 0; i < expected.length; i++) {
        expected[i] = permutation.get("order").get(i).asInt();
      }
      assertArrayEquals(
          expected,
          KerasFileOrder.shuffled(expected.length, permutation.get("seed").asLong()),
          "seed " + permutation.get("seed"));
    }
  }

  @Test
  void aZipGivesTheFolderOrderAndATarGzItsFiles() throws IOException {
    Map<String, byte[]> entries = new LinkedHashMap<>();
    try (Stream<Path> walk = Files.walk(LAYOUT)) {
      for (Path file : walk.filter(Files::isRegularFile).sorted().collect(Collectors.toList())) {
        entries.put("layout/" + LAYOUT.relativize(file).toString(), Files.readAllBytes(file));
      }
    }
    entries.put("__MACOSX/layout/a/._1.txt", new byte[] {0, 5, 22, 7, (byte) 0xff});
    Path zip = dir.resolve("layout.zip");
    try (ZipArchiveOutputStream out = new ZipArchiveOutputStream(zip)) {
      for (Map.Entry<String, byte[]> entry : entries.entrySet()) {
        out.putArchiveEntry(new ZipArchiveEntry(entry.getKey()));
        out.write(entry.getValue());
        out.closeArchiveEntry();
      }
    }
    Path tarGz = Files.write(dir.resolve("layout.tgz"), TestArchives.tarGz(entries));
    DatasetOptions options = DatasetOptions.defaults().withValidationSplit(0.2).withSeed(1337);
    TextDataset folder = Datasets.open(LAYOUT, options);
    for (Path archive : List.of(zip, tarGz)) {
      TextDataset inArchive = Datasets.open(archive, options);
      assertEquals(folder.classNames(), inArchive.classNames());
      for (boolean validation : new boolean[] {false, true}) {
        List<List<String>> expected =
            texts(validation ? folder.validation().orElseThrow() : folder.train());
        List<List<String>> actual =
            texts(validation ? inArchive.validation().orElseThrow() : inArchive.train());
        if (archive == tarGz) {
          expected.sort(Comparator.comparing(List::toString));
          actual.sort(Comparator.comparing(List::toString));
        }
        assertEquals(expected, actual, archive + (validation ? " validation" : " train"));
      }
    }
    assertEquals(
        "[" + zip + " entry layout/C/one.txt C]",
        originsAndLabels(Datasets.open(zip, DatasetOptions.defaults()).train()).stream()
            .filter(o -> o.contains("C/one"))
            .collect(Collectors.toList())
            .toString());
  }

  static List<String> strings(JsonNode array) {
    List<String> strings = new ArrayList<>();
    array.forEach(node -> strings.add(node.asText()));
    return strings;
  }

  private static List<List<String>> pairs(JsonNode array) {
    List<List<String>> pairs = new ArrayList<>();
    array.forEach(pair -> pairs.add(strings(pair)));
    return pairs;
  }

  static List<List<String>> texts(TextSource source) {
    try (Stream<LabelledText> texts = source.stream()) {
      return texts
          .map(t -> List.of(t.textString(), t.label()))
          .collect(Collectors.toCollection(ArrayList::new));
    }
  }

  private static List<String> originsAndLabels(TextSource source) {
    try (Stream<LabelledText> texts = source.stream()) {
      return texts.map(t -> t.origin() + " " + t.label()).collect(Collectors.toList());
    }
  }
}
