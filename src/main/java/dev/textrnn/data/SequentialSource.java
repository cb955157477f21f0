package dev.textrnn.data;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;
import java.util.stream.Stream;

/**
 * Texts read one record after another, in the order their file or list holds them (a CSV or TSV
 * file, a JSON Lines file, a list). A first pass checks every record and learns the labels, so that
 * a file is refused, naming its first bad record, before any work on it. A validation split keeps
 * out the records Keras's {@code validation_split} would keep out of a list in that order: the last
 * {@code int(validationSplit * n)} of {@code np.random.RandomState(seed)}'s shuffle.
 */
final class SequentialSource implements TextSource {

  /** Labels past this many, without class names given, mean a wrong label column. */
  static final int MAX_INFERRED_CLASSES = 1000;

  private final String name;
  private final Supplier<Records.Reader> open;
  private final BitSet validation; // null: every record
  private final boolean inValidation;
  private final int size;

  private SequentialSource(
      String name,
      Supplier<Records.Reader> open,
      BitSet validation,
      boolean inValidation,
      int size) {
    this.name = name;
    this.open = open;
    this.validation = validation;
    this.inValidation = inValidation;
    this.size = size;
  }

  /**
   * Reads the records once, checking them, and returns the dataset they make.
   *
   * @param open opens one pass over every record
   */
  static TextDataset open(String name, Supplier<Records.Reader> open, DatasetOptions options) {
    List<String> given = options.classNames();
    Set<String> labels = new HashSet<>();
    int records = 0;
    try (Stream<LabelledText> pass = Records.stream(open.get(), name)) {
      for (LabelledText record : (Iterable<LabelledText>) pass::iterator) {
        records++;
        String label = record.label();
        checkLabel(record, label);
        if (given != null && !given.contains(label)) {
          throw new DatasetException(
              record.origin()
                  + ": label "
                  + label
                  + " is not one of the class names ("
                  + String.join(", ", given)
                  + "); add it to --class-names, or remove the text");
        }
        if (given == null && labels.add(label) && labels.size() > MAX_INFERRED_CLASSES) {
          throw new DatasetException(
              record.origin()
                  + ": more than "
                  + MAX_INFERRED_CLASSES
                  + " different labels; is it the label column? Name the classes with"
                  + " --class-names to have more");
        }
      }
    }
    if (records == 0) {
      throw new DatasetException(name + ": holds no texts; give it a labelled text or more");
    }
    List<String> classNames;
    if (given != null) {
      classNames = given;
    } else {
      classNames = new ArrayList<>(labels);
      classNames.sort(KerasFileOrder.PYTHON_ORDER);
      if (classNames.size() < 2) {
        throw new DatasetException(
            name
                + ": every text has the label "
                + classNames.get(0)
                + "; a classifier needs two or more classes");
      }
    }
    if (options.validationSplit() == 0) {
      return new TextDataset(
          name, classNames, new SequentialSource(name, open, null, false, records), null, null);
    }
    int kept = KerasFileOrder.validationCount(records, options.validationSplit());
    if (kept == 0) {
      throw new DatasetException(
          name
              + ": --validation-split "
              + dev.textrnn.model.Setting.format(options.validationSplit())
              + " of "
              + records
              + " texts keeps none for validation; raise it or add texts");
    }
    int[] order = KerasFileOrder.shuffled(records, options.seed());
    BitSet validation = new BitSet(records);
    for (int i = records - kept; i < records; i++) {
      validation.set(order[i]);
    }
    return new TextDataset(
        name,
        classNames,
        new SequentialSource(name, open, validation, false, records - kept),
        new SequentialSource(name + " (validation split)", open, validation, true, kept),
        null);
  }

  private static void checkLabel(LabelledText record, String label) {
    if (label.isEmpty()) {
      throw new DatasetException(record.origin() + ": no label; give every text a label");
    }
    if (label.contains("\n") || label.contains("\r")) {
      throw new DatasetException(
          record.origin() + ": the label holds a line break; give labels of one line");
    }
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public int size() {
    return size;
  }

  @Override
  public Stream<LabelledText> stream() {
    Stream<LabelledText> all = Records.stream(open.get(), name);
    if (validation == null) {
      return all;
    }
    int[] index = {0};
    return all.filter(record -> validation.get(index[0]++) == inValidation);
  }
}
