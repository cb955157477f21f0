package dev.textrnn.spark;

import dev.textrnn.serving.SentimentModel;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

/**
 * The models of this JVM (an executor's, or the driver's in local mode), one per model folder: the
 * first task that needs a folder loads it, every later task of any partition, stage or job shares
 * it ({@link SentimentModel} is thread-safe, so the executor's cores run it at once). They are
 * never serialized: tasks carry only the path. A shutdown hook closes them and deletes the local
 * copies of remote folders when the JVM exits.
 */
public final class ExecutorModels {
  private static final Map<String, SentimentModel> MODELS = new ConcurrentHashMap<>();
  private static final Map<String, AtomicInteger> LOADS = new ConcurrentHashMap<>();
  private static final Path COPIES;

  static {
    try {
      COPIES = Files.createTempDirectory("textrnn-spark-");
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create a temporary folder for model copies", e);
    }
    Runtime.getRuntime()
        .addShutdownHook(new Thread(ExecutorModels::closeAll, "textrnn-close-models"));
  }

  private ExecutorModels() {}

  /** The model of a folder, loaded (and first copied here, if remote) on the first call. */
  static SentimentModel get(String modelPath, HadoopConfiguration configuration) {
    ModelLocation location = ModelLocation.of(modelPath, configuration.get());
    return MODELS.computeIfAbsent(location.qualified(), key -> load(location));
  }

  private static SentimentModel load(ModelLocation location) {
    LOADS.computeIfAbsent(location.qualified(), key -> new AtomicInteger()).incrementAndGet();
    Path folder = location.isLocal() ? location.localFolder() : location.copyInto(COPIES);
    return SentimentModel.load(folder);
  }

  /**
   * How many times this JVM has loaded the model of {@code modelPath} (a path as the transformer's
   * {@code modelPath} takes it, resolved against the default file system): 1 once any task used it.
   */
  public static int loads(String modelPath, org.apache.hadoop.conf.Configuration configuration) {
    AtomicInteger loads = LOADS.get(ModelLocation.of(modelPath, configuration).qualified());
    return loads == null ? 0 : loads.get();
  }

  private static void closeAll() {
    MODELS.values().forEach(SentimentModel::close);
    MODELS.clear();
    try (Stream<Path> files = Files.walk(COPIES)) {
      files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
    } catch (IOException e) {
      // The JVM is exiting; a copy left in the temporary folder is all that can go wrong.
    }
  }
}
