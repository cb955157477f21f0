package dev.textrnn.serving;

import dev.textrnn.data.Review;
import dev.textrnn.data.TestData;
import dev.textrnn.model.CellType;
import dev.textrnn.model.ModelConfig;
import dev.textrnn.model.Parameter;
import dev.textrnn.model.TextClassifier;
import dev.textrnn.text.TextVectorization;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.tensorflow.Graph;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * Small models for the serving tests, exported once per JVM: a vocabulary of 1,000 adapted on the
 * real IMDB training reviews, tiny layers, random weights (not Keras's initial values, so a
 * re-initialization after loading cannot go unnoticed).
 */
public final class TestModels {
  /** The smallest layers, for tests about files rather than numbers. */
  public static final ModelConfig TINY =
      new ModelConfig(1000, 4, CellType.LSTM, List.of(2), 2, 0.0);

  /** Embedding 16 → BiLSTM 8 → Dense 8 → Dense 1. */
  public static final ModelConfig SMALL_LSTM =
      new ModelConfig(1000, 16, CellType.LSTM, List.of(8), 8, 0.0);

  /** Embedding 16 → BiGRU 8 (all steps) → BiGRU 4 → Dense 8 → Dropout 0.5 → Dense 1. */
  public static final ModelConfig STACKED_GRU =
      new ModelConfig(1000, 16, CellType.GRU, List.of(8, 4), 8, 0.5);

  /** {@link #SMALL_LSTM} with a softmax head over three classes. */
  public static final ModelConfig SMALL_THREE_CLASSES =
      SMALL_LSTM.withClassNames(List.of("bad", "good", "so-so"));

  private static TextVectorization imdbVectorizer;
  private static Exported small;
  private static Exported threeClasses;

  private TestModels() {}

  /** A model written by {@link SavedModelExporter} and what it was made from. */
  public record Exported(
      Path dir, ModelConfig config, Map<String, double[]> weights, TextVectorization vectorizer) {}

  /** {@link #SMALL_LSTM} exported once per JVM; do not modify its folder. */
  public static synchronized Exported small() {
    if (small == null) {
      small = export(SMALL_LSTM, 11, temporaryFolder("textrnn-small-").resolve("model"));
    }
    return small;
  }

  /** {@link #SMALL_THREE_CLASSES} exported once per JVM; do not modify its folder. */
  public static synchronized Exported threeClasses() {
    if (threeClasses == null) {
      threeClasses =
          export(SMALL_THREE_CLASSES, 13, temporaryFolder("textrnn-three-").resolve("model"));
    }
    return threeClasses;
  }

  /** Exports a config with random weights drawn from {@code seed} and the IMDB vocabulary. */
  public static Exported export(ModelConfig config, long seed, Path target) {
    return export(config, seed, imdbVectorizer(), target);
  }

  /** Exports a config with random weights drawn from {@code seed}. */
  public static Exported export(
      ModelConfig config, long seed, TextVectorization vectorizer, Path target) {
    Map<String, double[]> weights = randomWeights(config, seed);
    try {
      SavedModelExporter.export(config, weights, vectorizer, target);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return new Exported(target, config, weights, vectorizer);
  }

  /** Keras's TextVectorization(max_tokens=1000) adapted on the 25,000 training reviews. */
  public static synchronized TextVectorization imdbVectorizer() {
    if (imdbVectorizer == null) {
      imdbVectorizer =
          TextVectorization.builder()
              .maxTokens(1000)
              .adapt(TestData.labelled().train().stream().map(Review::text).toList());
    }
    return imdbVectorizer;
  }

  /** Every parameter of the config, uniform in [-0.5, 0.5]. */
  public static Map<String, double[]> randomWeights(ModelConfig config, long seed) {
    Random random = new Random(seed);
    Map<String, double[]> weights = new LinkedHashMap<>();
    try (Graph graph = new Graph()) {
      for (Parameter<TFloat32> p :
          new TextClassifier<>(Ops.create(graph), config, TFloat32.class, 0).parameters()) {
        double[] values = new double[(int) p.size()];
        for (int i = 0; i < values.length; i++) {
          values[i] = random.nextDouble() - 0.5;
        }
        weights.put(p.name(), values);
      }
    }
    return weights;
  }

  /** Every {@code step}-th test review: both labels, all lengths. */
  public static List<Review> testReviews(int count) {
    List<Review> test = TestData.labelled().test();
    int step = test.size() / count;
    return Stream.iterate(0, i -> i + step).limit(count).map(test::get).toList();
  }

  /** Test reviews one after another on one line, of at least {@code characters} characters. */
  public static String longReview(int characters) {
    List<String> reviews =
        testReviews(100).stream().map(review -> review.textString().replace('\n', ' ')).toList();
    StringBuilder text = new StringBuilder(characters + 20_000);
    for (int i = 0; text.length() < characters; i++) {
      text.append(reviews.get(i % reviews.size())).append(' ');
    }
    return text.toString();
  }

  /** A new folder, deleted with its contents when the JVM exits. */
  public static Path temporaryFolder(String prefix) {
    try {
      Path dir = Files.createTempDirectory(prefix);
      Runtime.getRuntime().addShutdownHook(new Thread(() -> deleteRecursively(dir)));
      return dir;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static void deleteRecursively(Path dir) {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(dir)) {
      for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(path);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
