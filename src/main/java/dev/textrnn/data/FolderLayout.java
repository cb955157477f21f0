package dev.textrnn.data;

import dev.textrnn.model.Setting;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Keras's {@code text_dataset_from_directory} layout, in a folder or an archive: one folder per
 * class holding {@code .txt} files (in any case, at any depth), one text per file; folders whose
 * name starts with a dot are not classes, and files beside the class folders are not read. A root
 * with {@code train/} and {@code test/} folders holds a layout in each, the splits. Files come in
 * Keras's order (keras/src/utils/dataset_utils.py, {@code index_directory}): class by class, each
 * class's files by folder and name, then shuffled with {@code np.random.RandomState(seed)}; a
 * validation split keeps the last {@code int(validationSplit * n)} of the training files.
 */
final class FolderLayout {
  private FolderLayout() {}

  /** The files and folders of a folder or an archive, with {@code /} between names. */
  interface Tree {
    /** The names of the folders directly in {@code folder} ({@code ""}: the root). */
    List<String> folders(String folder);

    /** The paths, from {@code folder}, of every file in it and in its folders. */
    List<String> files(String folder);

    /** A path as a message names it: {@code reviews/train/neg}, {@code data.zip entry pos/}. */
    String describe(String path);
  }

  /** A text file of the layout: its path from the root, and its class. */
  record TextFile(String path, String label) {}

  /** The files of each split, each in Keras's order; validation and test null when absent. */
  record Splits(
      List<String> classNames,
      List<TextFile> train,
      List<TextFile> validation,
      List<TextFile> test) {}

  static Splits read(Tree tree, DatasetOptions options) {
    KerasFileOrder.requireSeed(options.seed());
    List<String> top = tree.folders("");
    boolean split = top.contains("train") && top.contains("test");
    String trainRoot = split ? "train/" : "";
    List<String> trainClasses = classFolders(tree, trainRoot);
    List<String> classNames;
    if (options.classNames() != null) {
      classNames = options.classNames();
      List<String> missing =
          classNames.stream().filter(c -> !trainClasses.contains(c)).collect(Collectors.toList());
      if (!missing.isEmpty()) {
        throw new DatasetException(
            tree.describe(trainRoot)
                + ": no folder for class "
                + String.join(", ", missing)
                + " (its class folders: "
                + String.join(", ", trainClasses)
                + "); --class-names names class folders");
      }
    } else {
      classNames = trainClasses;
      if (classNames.size() < 2) {
        throw new DatasetException(
            tree.describe(trainRoot)
                + ": only one class folder, "
                + classNames.get(0)
                + "/; a classifier needs two or more, one folder of .txt files per class");
      }
    }
    List<TextFile> train = shuffled(textFiles(tree, trainRoot, classNames), options.seed());
    List<TextFile> validation = null;
    if (options.validationSplit() > 0) {
      int kept = KerasFileOrder.validationCount(train.size(), options.validationSplit());
      if (kept == 0) {
        throw new DatasetException(
            tree.describe(trainRoot)
                + ": --validation-split "
                + Setting.format(options.validationSplit())
                + " of "
                + train.size()
                + " files keeps none for validation; raise it or add texts");
      }
      validation = train.subList(train.size() - kept, train.size());
      train = train.subList(0, train.size() - kept);
    }
    List<TextFile> test = null;
    if (split) {
      List<String> testClasses = classFolders(tree, "test/");
      if (options.classNames() == null) {
        for (String c : testClasses) {
          if (!classNames.contains(c)) {
            throw new DatasetException(
                tree.describe("test/" + c)
                    + ": a class folder that train/ does not have (its classes: "
                    + String.join(", ", classNames)
                    + "); remove it, or choose the classes with --class-names");
          }
        }
      }
      List<String> present =
          classNames.stream().filter(testClasses::contains).collect(Collectors.toList());
      test = shuffled(textFiles(tree, "test/", present), options.seed());
    }
    return new Splits(classNames, train, validation, test);
  }

  /** The class folders of a layout, in alphanumeric order; none is one clear error. */
  private static List<String> classFolders(Tree tree, String root) {
    List<String> classes =
        tree.folders(root).stream()
            .filter(name -> !name.startsWith("."))
            .sorted(KerasFileOrder.PYTHON_ORDER)
            .collect(Collectors.toList());
    if (classes.isEmpty()) {
      List<String> outside =
          tree.files(root).stream()
              .filter(KerasFileOrder::isText)
              .sorted(KerasFileOrder.FILE_ORDER)
              .collect(Collectors.toList());
      throw new DatasetException(
          tree.describe(root)
              + ": no class folders"
              + (outside.isEmpty()
                  ? ""
                  : " ("
                      + count(outside.size())
                      + ", such as "
                      + outside.get(0)
                      + (outside.size() == 1 ? ", lies" : ", lie")
                      + " outside any)")
              + "; put each class's .txt files in a folder of its own, CLASS/NAME.txt");
    }
    return classes;
  }

  private static String count(int files) {
    return files == 1 ? "its .txt file" : "its " + files + " .txt files";
  }

  /** The text files of each class, class by class, each class's in Keras's order. */
  private static List<TextFile> textFiles(Tree tree, String root, List<String> classNames) {
    List<TextFile> files = new ArrayList<>();
    for (String className : classNames) {
      String folder = root + className + "/";
      List<String> texts =
          tree.files(folder).stream()
              .filter(path -> KerasFileOrder.isText(path.substring(path.lastIndexOf('/') + 1)))
              .sorted(KerasFileOrder.FILE_ORDER)
              .collect(Collectors.toList());
      if (texts.isEmpty()) {
        throw new DatasetException(
            tree.describe(folder)
                + ": no .txt files in class folder "
                + className
                + "; add its texts, one .txt file each, or leave the class out with --class-names");
      }
      for (String path : texts) {
        files.add(new TextFile(folder + path, className));
      }
    }
    return files;
  }

  private static List<TextFile> shuffled(List<TextFile> files, long seed) {
    int[] order = KerasFileOrder.shuffled(files.size(), seed);
    List<TextFile> shuffled = new ArrayList<>(files.size());
    for (int index : order) {
      shuffled.add(files.get(index));
    }
    return shuffled;
  }
}
