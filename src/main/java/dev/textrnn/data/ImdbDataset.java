package dev.textrnn.data;

import dev.textrnn.model.ModelConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.StringJoiner;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;

/**
 * The IMDB Large Movie Review Dataset read straight from {@code aclImdb_v1.tar.gz} (official or
 * repacked), without extracting it. Lists are unmodifiable and in archive order, which groups each
 * split by class (negatives first in the repacked archive): permute them before a shuffle buffer
 * smaller than the split.
 */
public final class ImdbDataset {

  static final int LABELLED_PER_CLASS = 12_500;

  /** Reviews in each of train and test. */
  public static final int REVIEWS_PER_SPLIT = 2 * LABELLED_PER_CLASS;

  static final int UNSUP_COUNT = 50_000;

  /** The longest review is about 14 KB; a bigger entry means a wrong or damaged archive. */
  private static final int MAX_REVIEW_BYTES = 1 << 20;

  private static final String ACTION = "download it again or pass another file with --data";

  /**
   * Group 1: split/class directory; group 2: rating. The prefix ({@code aclImdb/}) is not checked.
   */
  private static final Pattern REVIEW =
      Pattern.compile(
          "(?:.*/)?(train/pos|train/neg|train/unsup|test/pos|test/neg)/[0-9]+_([0-9]{1,2})\\.txt");

  private final List<Review> train;
  private final List<Review> test;
  private final List<Review> unsup; // null when not read

  private ImdbDataset(List<Review> train, List<Review> test, List<Review> unsup) {
    this.train = Collections.unmodifiableList(train);
    this.test = Collections.unmodifiableList(test);
    this.unsup = unsup == null ? null : Collections.unmodifiableList(unsup);
  }

  /** Reads all three splits; same as {@code read(archive, true)}. */
  public static ImdbDataset read(Path archive) {
    return read(archive, true);
  }

  /**
   * Reads the archive and checks it: gzip and tar intact, 12,500 pos + 12,500 neg in each of train
   * and test, and, when {@code includeUnsup}, 50,000 unsup reviews. Without {@code includeUnsup}
   * the unsup entries are skipped unread and their count is not checked, though the whole gzip
   * stream is still decompressed and its checksum verified.
   *
   * @throws DatasetException with a one-line message naming the file, the problem and what to do
   */
  public static ImdbDataset read(Path archive, boolean includeUnsup) {
    if (Files.isDirectory(archive)) {
      throw new DatasetException(
          archive
              + ": is a directory, expected the file aclImdb_v1.tar.gz; "
              + "pass the archive itself with --data");
    }
    if (!Files.exists(archive)) {
      throw new DatasetException(
          archive + ": no such file; pass an existing aclImdb_v1.tar.gz with --data");
    }
    if (!Files.isRegularFile(archive)) {
      throw new DatasetException(
          archive
              + ": is "
              + DatasetLocator.specialFileKind(archive)
              + ", not a regular file; pass the archive itself with --data");
    }
    Reader reader = new Reader(archive, includeUnsup);
    reader.run();
    reader.checkCounts();
    return new ImdbDataset(reader.train, reader.test, reader.unsup);
  }

  /** The 25,000 training reviews (pos and neg). */
  public List<Review> train() {
    return train;
  }

  /** The 25,000 test reviews (pos and neg). */
  public List<Review> test() {
    return test;
  }

  /**
   * The reviews of a split as labelled texts, in archive order, labelled with the tutorial's class
   * names ({@link ModelConfig#IMDB_CLASSES}), each named by its entry.
   *
   * @param name what they are, for messages
   */
  public static TextSource texts(String name, List<Review> reviews) {
    return TextSource.of(
        name,
        reviews.stream()
            .map(
                r ->
                    new LabelledText(
                        r.text(), ModelConfig.IMDB_CLASSES.get(r.label()), "entry " + r.path()))
            .toList());
  }

  /**
   * The 50,000 unlabelled reviews of {@code train/unsup}.
   *
   * @throws IllegalStateException if the dataset was read without unsup
   */
  public List<Review> unsup() {
    if (unsup == null) {
      throw new IllegalStateException("unsup was not read; use ImdbDataset.read(archive, true)");
    }
    return unsup;
  }

  /** One pass over the archive; holds what is needed to explain a failure. */
  private static final class Reader {
    private final Path archive;
    private final boolean includeUnsup;
    final List<Review> train = new ArrayList<>(2 * LABELLED_PER_CLASS);
    final List<Review> test = new ArrayList<>(2 * LABELLED_PER_CLASS);
    final List<Review> unsup; // null when not read
    private int trainPos, trainNeg, testPos, testNeg, unsupCount;
    private int entries;

    Reader(Path archive, boolean includeUnsup) {
      this.archive = archive;
      this.includeUnsup = includeUnsup;
      this.unsup = includeUnsup ? new ArrayList<>(UNSUP_COUNT) : null;
    }

    void run() {
      entries =
          TarGzEntries.read(
              archive,
              "pass the aclImdb_v1.tar.gz archive with --data",
              ACTION,
              (entry, tar) -> {
                if (entry.isFile()) {
                  readEntry(entry, tar);
                }
              });
    }

    private void readEntry(TarArchiveEntry entry, TarGzEntries tar) {
      Matcher m = REVIEW.matcher(entry.getName());
      if (!m.matches()) {
        return; // README, imdb.vocab, urls_*.txt, ...
      }
      String dir = m.group(1);
      int label;
      List<Review> into;
      switch (dir) {
        case "train/pos" -> {
          trainPos++;
          label = Review.POS;
          into = train;
        }
        case "train/neg" -> {
          trainNeg++;
          label = Review.NEG;
          into = train;
        }
        case "test/pos" -> {
          testPos++;
          label = Review.POS;
          into = test;
        }
        case "test/neg" -> {
          testNeg++;
          label = Review.NEG;
          into = test;
        }
        default -> {
          unsupCount++;
          if (!includeUnsup) {
            return; // getNextEntry skips the body
          }
          label = Review.UNSUP;
          into = unsup;
        }
      }
      long size = entry.getSize();
      if (size > MAX_REVIEW_BYTES) {
        throw new DatasetException(
            archive
                + ": entry "
                + entry.getName()
                + " has "
                + size
                + " bytes, far more than a review; "
                + ACTION);
      }
      into.add(new Review(entry.getName(), tar.body(entry), label, Integer.parseInt(m.group(2))));
    }

    void checkCounts() {
      if (trainPos + trainNeg + testPos + testNeg == 0) {
        throw new DatasetException(
            archive
                + ": contains no IMDB reviews (no "
                + (entries == 0 ? "tar entries" : "train/ or test/ review files")
                + "); "
                + ACTION);
      }
      if (trainPos + trainNeg == 0 || testPos + testNeg == 0) {
        String missing = trainPos + trainNeg == 0 ? "train" : "test";
        throw new DatasetException(
            archive + ": has no aclImdb/" + missing + "/ reviews; " + ACTION);
      }
      StringJoiner wrong = new StringJoiner(", ");
      expect(wrong, "train/pos", trainPos, LABELLED_PER_CLASS);
      expect(wrong, "train/neg", trainNeg, LABELLED_PER_CLASS);
      expect(wrong, "test/pos", testPos, LABELLED_PER_CLASS);
      expect(wrong, "test/neg", testNeg, LABELLED_PER_CLASS);
      if (includeUnsup) {
        expect(wrong, "train/unsup", unsupCount, UNSUP_COUNT);
      }
      if (wrong.length() > 0) {
        throw new DatasetException(archive + ": wrong number of reviews: " + wrong + "; " + ACTION);
      }
    }

    private static void expect(StringJoiner wrong, String dir, int actual, int expected) {
      if (actual != expected) {
        wrong.add(String.format(Locale.ROOT, "%s has %,d (expected %,d)", dir, actual, expected));
      }
    }
  }
}
