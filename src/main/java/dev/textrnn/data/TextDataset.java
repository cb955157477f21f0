package dev.textrnn.data;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A labelled dataset as {@link Datasets#open} reads it: its classes, its training texts, and the
 * validation and test texts it has. Every text's label is one of the class names (checked when it
 * was opened).
 */
public final class TextDataset {
  private final String name;
  private final List<String> classNames;
  private final Map<String, Integer> classIndices = new HashMap<>();
  private final TextSource train;
  private final TextSource validation;
  private final TextSource test;

  /**
   * @param validation null for none
   * @param test null for none
   */
  TextDataset(
      String name,
      List<String> classNames,
      TextSource train,
      TextSource validation,
      TextSource test) {
    this.name = Objects.requireNonNull(name, "name");
    this.classNames = List.copyOf(classNames);
    for (int i = 0; i < this.classNames.size(); i++) {
      classIndices.put(this.classNames.get(i), i);
    }
    this.train = Objects.requireNonNull(train, "train");
    this.validation = validation;
    this.test = test;
  }

  /** What was opened: the path, or {@code texts} for a list. */
  public String name() {
    return name;
  }

  /** The classes, in their order: a class's index is its place here. */
  public List<String> classNames() {
    return classNames;
  }

  /**
   * The index of a class.
   *
   * @throws IllegalArgumentException for a label that is not a class name
   */
  public int classIndex(String label) {
    Integer index = classIndices.get(label);
    if (index == null) {
      throw new IllegalArgumentException(
          "label " + label + " is not one of the class names " + classNames);
    }
    return index;
  }

  /**
   * The training texts: the {@code train/} folder of a folder layout, else every text, less those
   * of {@link #validation()} when split.
   */
  public TextSource train() {
    return train;
  }

  /** The texts kept out by the validation split, if one was asked for. */
  public Optional<TextSource> validation() {
    return Optional.ofNullable(validation);
  }

  /** The {@code test/} folder of a folder layout. */
  public Optional<TextSource> test() {
    return Optional.ofNullable(test);
  }

  @Override
  public String toString() {
    return "TextDataset["
        + name
        + ", classes "
        + classNames
        + ", train "
        + train.size()
        + (validation == null ? "" : ", validation " + validation.size())
        + (test == null ? "" : ", test " + test.size())
        + "]";
  }
}
