package dev.textrnn.api;

import java.util.Arrays;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** A model's class names, and the check that labels are among them. */
final class Labels {
  /**
   * Keras sorts class names with Python's {@code sorted} (text_dataset_from_directory, in
   * keras/src/utils/dataset_utils.py), which compares code points; Java's {@code compareTo}
   * compares UTF-16 units, which differs past U+FFFF.
   */
  private static final Comparator<String> BY_CODE_POINTS =
      (a, b) -> Arrays.compare(a.codePoints().toArray(), b.codePoints().toArray());

  private final List<String> names;
  private final Set<String> known;

  Labels(List<String> names) {
    this.names = List.copyOf(names);
    this.known = new HashSet<>(this.names);
  }

  /**
   * The distinct labels, sorted.
   *
   * @throws IllegalArgumentException for fewer than two
   */
  static Labels sortedOf(List<String> labels) {
    List<String> names = labels.stream().distinct().sorted(BY_CODE_POINTS).toList();
    if (names.size() < 2) {
      throw new IllegalArgumentException(
          "the training labels name "
              + (names.isEmpty() ? "no class" : "one class only, '" + names.get(0) + "'")
              + "; a classifier needs texts of at least two");
    }
    return new Labels(names);
  }

  List<String> names() {
    return names;
  }

  /**
   * Checks that every label is a class name.
   *
   * @param set the texts' role, for messages
   * @throws IllegalArgumentException naming the labels that are not class names
   */
  void requireKnown(String set, List<String> labels) {
    Set<String> unknown = new LinkedHashSet<>();
    int first = -1;
    for (int i = 0; i < labels.size(); i++) {
      if (!known.contains(labels.get(i))) {
        unknown.add(labels.get(i));
        first = first < 0 ? i : first;
      }
    }
    if (!unknown.isEmpty()) {
      throw new IllegalArgumentException(
          set
              + " labels "
              + unknown.stream().map(label -> "'" + label + "'").toList()
              + " (the first at text "
              + first
              + ") are not among the class names "
              + names);
    }
  }

  /**
   * @throws IllegalArgumentException if the texts and labels differ in number or one is null
   */
  static void requirePairs(String set, List<String> texts, List<String> labels) {
    if (texts.size() != labels.size()) {
      throw new IllegalArgumentException(
          set + ": " + texts.size() + " texts but " + labels.size() + " labels");
    }
    for (int i = 0; i < texts.size(); i++) {
      if (texts.get(i) == null || labels.get(i) == null) {
        throw new IllegalArgumentException(
            set + " " + (texts.get(i) == null ? "text " : "label ") + i + " is null");
      }
    }
  }
}
