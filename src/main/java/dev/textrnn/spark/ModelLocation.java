package dev.textrnn.spark;

import dev.textrnn.serving.SavedModelLayout;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;

/**
 * A SavedModel folder on any Hadoop file system: a local path, {@code file:}, {@code hdfs:}, {@code
 * s3a:}, … (a path without a scheme is on the default file system, as Spark reads paths).
 */
final class ModelLocation {
  private final org.apache.hadoop.fs.Path path;
  private final FileSystem fileSystem;

  private ModelLocation(org.apache.hadoop.fs.Path path, FileSystem fileSystem) {
    this.path = path;
    this.fileSystem = fileSystem;
  }

  /**
   * @throws IllegalArgumentException naming {@code modelPath} if its file system is unknown
   */
  static ModelLocation of(String modelPath, Configuration configuration) {
    try {
      org.apache.hadoop.fs.Path path = new org.apache.hadoop.fs.Path(modelPath);
      FileSystem fileSystem = path.getFileSystem(configuration);
      return new ModelLocation(fileSystem.makeQualified(path), fileSystem);
    } catch (IOException | IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "modelPath "
              + modelPath
              + ": cannot open its file system ("
              + e.getMessage()
              + "); pass a local folder or a path of a file system this cluster has",
          e);
    }
  }

  /** The fully qualified path, for example {@code file:/models/savedmodel}: one key per folder. */
  String qualified() {
    return path.toString();
  }

  /**
   * Checks on the driver, before any task runs, that the folder is there and holds a SavedModel
   * (the executors' {@code SentimentModel.load} checks the rest).
   *
   * @throws IllegalArgumentException naming {@code modelPath} and what to do
   */
  void requireSavedModel() {
    try {
      if (!fileSystem.exists(path)) {
        throw bad("no such model folder; pass the folder that holds saved_model.pb");
      }
      if (!fileSystem.getFileStatus(path).isDirectory()) {
        throw bad("is a file, not a model folder; pass the folder that holds saved_model.pb");
      }
      if (!fileSystem.exists(
          new org.apache.hadoop.fs.Path(path, SavedModelLayout.SAVED_MODEL_PROTO))) {
        throw bad("not a SavedModel (no saved_model.pb); pass the folder that textrnn exported");
      }
    } catch (IOException e) {
      throw bad("cannot be read (" + e.getMessage() + ")");
    }
  }

  private IllegalArgumentException bad(String what) {
    return new IllegalArgumentException("modelPath " + path + ": " + what);
  }

  /** Whether the folder can be loaded where it is, without a copy. */
  boolean isLocal() {
    return "file".equals(path.toUri().getScheme());
  }

  /** The local folder itself. */
  Path localFolder() {
    return Path.of(path.toUri());
  }

  /** Copies the folder into a new folder under {@code parent}; returns the copy. */
  Path copyInto(Path parent) {
    try {
      Path copy = Files.createTempDirectory(parent, "textrnn-model-");
      // The raw local file system writes no .crc files beside the model's.
      fileSystem.copyToLocalFile(false, path, new org.apache.hadoop.fs.Path(copy.toUri()), true);
      return copy.resolve(path.getName());
    } catch (IOException e) {
      throw new UncheckedIOException(
          "modelPath " + path + ": cannot copy it to a local folder (" + e.getMessage() + ")", e);
    }
  }
}
