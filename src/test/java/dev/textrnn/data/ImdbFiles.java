package dev.textrnn.data;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;

/** The IMDB archive's labelled reviews written out in the other formats {@link Datasets} reads. */
public final class ImdbFiles {
  private ImdbFiles() {}

  /** {@code neg} or {@code pos}: the review's class folder in the archive. */
  public static String label(Review review) {
    String[] parts = review.path().split("/");
    return parts[parts.length - 2];
  }

  /** The train and test reviews as {@code dir/train/CLASS/NAME.txt} and {@code dir/test/…}. */
  public static Path folder(ImdbDataset imdb, Path dir) throws IOException {
    for (Map.Entry<String, List<Review>> split : splits(imdb).entrySet()) {
      for (Review review : split.getValue()) {
        Path file =
            dir.resolve(split.getKey())
                .resolve(label(review))
                .resolve(Path.of(review.path()).getFileName().toString());
        Files.createDirectories(file.getParent());
        Files.write(file, review.text());
      }
    }
    return dir;
  }

  /** The reviews as a CSV with the header {@code text,label} (RFC 4180, CRLF). */
  public static Path csv(List<Review> reviews, Path file) throws IOException {
    try (Writer out = Files.newBufferedWriter(file, StandardCharsets.UTF_8);
        CSVPrinter csv =
            new CSVPrinter(out, CSVFormat.RFC4180.builder().setHeader("text", "label").get())) {
      for (Review review : reviews) {
        csv.printRecord(review.textString(), label(review));
      }
    }
    return file;
  }

  /** The reviews as JSON Lines, {@code {"text": …, "label": …}} a line. */
  public static Path jsonLines(List<Review> reviews, Path file) throws IOException {
    ObjectMapper json = new ObjectMapper();
    try (Writer out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
      for (Review review : reviews) {
        Map<String, String> record = new LinkedHashMap<>();
        record.put("text", review.textString());
        record.put("label", label(review));
        out.write(json.writeValueAsString(record));
        out.write('\n');
      }
    }
    return file;
  }

  private static Map<String, List<Review>> splits(ImdbDataset imdb) {
    Map<String, List<Review>> splits = new LinkedHashMap<>();
    splits.put("train", imdb.train());
    splits.put("test", imdb.test());
    return splits;
  }
}
