package dev.textrnn.server;

import dev.textrnn.serving.ModelLoadException;
import dev.textrnn.serving.SentimentModel;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.OptionalLong;
import java.util.TreeMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The versions of one model, as TensorFlow Serving's file-system source and its default version
 * policy ({@code latest}, one version) keep them: the base path holds numbered version folders
 * ({@code 1/}, {@code 2/}, …), each a SavedModel, and the highest one is served. A poll every
 * {@code --file-system-poll-wait-seconds} loads a new highest version in the background and swaps
 * it in; the version it replaces is freed once its last request ends. A version that fails to load
 * is reported in the status (state {@code END} with its error) and leaves the served one in place;
 * it is tried again once its folder's files change.
 */
final class ModelVersions implements AutoCloseable {
  /** TensorFlow Serving reads version folders named by a number (base 10, no sign). */
  private static final Pattern VERSION = Pattern.compile("[0-9]{1,18}");

  /** ModelVersionStatus.State of get_model_status.proto. */
  enum State {
    LOADING,
    AVAILABLE,
    END
  }

  /**
   * A version's state; {@code errorCode} "OK", or "UNKNOWN" with the load's one-line {@code
   * errorMessage}.
   */
  record Status(long version, State state, String errorCode, String errorMessage) {}

  private final String name;
  private final Path basePath;
  private final boolean singleFolder;
  private final Function<Path, SentimentModel> loader;
  private final Consumer<String> log;
  private final AtomicReference<ServedVersion> served = new AtomicReference<>();
  private final NavigableMap<Long, Status> statuses =
      Collections.synchronizedNavigableMap(new TreeMap<>(Collections.reverseOrder()));

  /** The files of each version folder that failed to load, as they were then. */
  private final Map<Long, String> failedFingerprints = new HashMap<>();

  private ScheduledExecutorService poller;

  private ModelVersions(
      String name,
      Path basePath,
      boolean singleFolder,
      Function<Path, SentimentModel> loader,
      Consumer<String> log) {
    this.name = name;
    this.basePath = basePath;
    this.singleFolder = singleFolder;
    this.loader = loader;
    this.log = log;
  }

  /**
   * The versions under {@code basePath}, the highest loaded before this returns.
   *
   * @throws ModelLoadException if there is no version folder, or the highest fails to load
   */
  static ModelVersions ofBasePath(
      String name, Path basePath, Function<Path, SentimentModel> loader, Consumer<String> log) {
    ModelVersions versions = new ModelVersions(name, basePath, false, loader, log);
    OptionalLong highest = versions.highestOnDisk();
    if (highest.isEmpty()) {
      throw new ServeSetupException(
          basePath
              + ": no version folder (1/, 2/, …) holding a SavedModel; export one there with"
              + " 'textrnn export --out "
              + basePath
              + " --version 1', or serve one folder with --model-dir");
    }
    versions.swapIn(highest.getAsLong(), versions.load(highest.getAsLong()));
    return versions;
  }

  /** One SavedModel folder served as version 1, loaded before this returns; never polled. */
  static ModelVersions ofFolder(
      String name, Path folder, Function<Path, SentimentModel> loader, Consumer<String> log) {
    ModelVersions versions = new ModelVersions(name, folder, true, loader, log);
    versions.swapIn(1, versions.load(1));
    return versions;
  }

  String name() {
    return name;
  }

  /** Polls the base path every {@code wait} (not for a single folder, nor for a zero wait). */
  void startPolling(Duration wait) {
    if (singleFolder || wait.isZero()) {
      return;
    }
    poller =
        Executors.newSingleThreadScheduledExecutor(
            runnable -> {
              Thread thread = new Thread(runnable, "textrnn-version-poll");
              thread.setDaemon(true);
              return thread;
            });
    poller.scheduleWithFixedDelay(
        this::pollSafely, wait.toMillis(), wait.toMillis(), TimeUnit.MILLISECONDS);
  }

  /**
   * A lease on the version a request names (the served one, by number or as the latest).
   *
   * @throws ApiException 404 naming the request as TensorFlow Serving does
   */
  ServedVersion.Lease lease(OptionalLong version) {
    while (true) {
      ServedVersion current = served.get();
      if (current == null || (version.isPresent() && version.getAsLong() != current.version())) {
        throw ApiException.notFound(
            "Servable not found for request: "
                + (version.isPresent()
                    ? "Specific(" + name + ", " + version.getAsLong() + ")"
                    : "Latest(" + name + ")"));
      }
      ServedVersion.Lease lease = current.lease();
      if (lease != null) {
        return lease;
      }
      // Retired between the read and the lease: the new version is in place now.
    }
  }

  /** Every version's status, highest first, or one version's. */
  List<Status> statuses(OptionalLong version) {
    synchronized (statuses) {
      if (version.isPresent()) {
        Status status = statuses.get(version.getAsLong());
        if (status == null) {
          throw ApiException.notFound(
              "Could not find version " + version.getAsLong() + " of model " + name);
        }
        return List.of(status);
      }
      return List.copyOf(statuses.values());
    }
  }

  /** The version being served. */
  long servedVersion() {
    return served.get().version();
  }

  /** One poll: the highest version that has not failed as it stands, loaded if it is new. */
  void poll() {
    OptionalLong target = highestOnDisk();
    ServedVersion current = served.get();
    if (target.isEmpty() || target.getAsLong() == current.version()) {
      return;
    }
    long version = target.getAsLong();
    try {
      swapIn(version, load(version));
    } catch (RuntimeException e) {
      // load() recorded it; the served version stays.
    }
  }

  private void pollSafely() {
    try {
      poll();
    } catch (RuntimeException e) {
      log.accept("serve: polling " + basePath + " failed (" + e.getMessage() + "); polling on");
    }
  }

  /** The highest numbered folder that is not a failed load as it stands, if any. */
  private OptionalLong highestOnDisk() {
    List<Long> versions = new ArrayList<>();
    try (Stream<Path> entries = Files.list(basePath)) {
      entries
          .filter(Files::isDirectory)
          .map(path -> path.getFileName().toString())
          .filter(entry -> VERSION.matcher(entry).matches())
          .forEach(entry -> versions.add(Long.parseLong(entry)));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    versions.sort(Collections.reverseOrder());
    for (long version : versions) {
      String failed;
      synchronized (failedFingerprints) {
        failed = failedFingerprints.get(version);
      }
      if (failed == null || !failed.equals(fingerprint(folder(version)))) {
        return OptionalLong.of(version);
      }
    }
    return OptionalLong.empty();
  }

  private Path folder(long version) {
    return singleFolder ? basePath : basePath.resolve(Long.toString(version));
  }

  /**
   * Loads a version, recording LOADING and then the failure, if any.
   *
   * @throws RuntimeException as the loader threw it ({@link ModelLoadException} for a folder that
   *     is no model)
   */
  private SentimentModel load(long version) {
    Path folder = folder(version);
    statuses.put(version, new Status(version, State.LOADING, "OK", ""));
    String fingerprint = fingerprint(folder);
    try {
      return loader.apply(folder);
    } catch (RuntimeException e) {
      statuses.put(version, new Status(version, State.END, "UNKNOWN", e.getMessage()));
      synchronized (failedFingerprints) {
        failedFingerprints.put(version, fingerprint);
      }
      log.accept(
          "serve: version " + version + " of " + name + " failed to load: " + e.getMessage());
      throw e;
    }
  }

  private void swapIn(long version, SentimentModel model) {
    ServedVersion previous = served.getAndSet(new ServedVersion(version, model));
    statuses.put(version, new Status(version, State.AVAILABLE, "OK", ""));
    synchronized (failedFingerprints) {
      failedFingerprints.remove(version);
    }
    if (previous != null) {
      statuses.put(previous.version(), new Status(previous.version(), State.END, "OK", ""));
      previous.retire();
    }
    log.accept("serve: serving version " + version + " of " + name + " (" + folder(version) + ")");
  }

  /**
   * The folder's files with their sizes and times: a failed version is tried again when it changes.
   */
  private static String fingerprint(Path folder) {
    StringBuilder files = new StringBuilder();
    try (Stream<Path> paths = Files.walk(folder)) {
      for (Path path : paths.sorted().toList()) {
        BasicFileAttributes attributes = Files.readAttributes(path, BasicFileAttributes.class);
        files
            .append(folder.relativize(path))
            .append(' ')
            .append(attributes.size())
            .append(' ')
            .append(attributes.lastModifiedTime().toMillis())
            .append('\n');
      }
    } catch (IOException | UncheckedIOException e) {
      return "unreadable: " + e.getMessage();
    }
    return files.toString();
  }

  /** Stops polling and frees the served version once its requests end. */
  @Override
  public void close() {
    if (poller != null) {
      poller.shutdownNow();
      try {
        poller.awaitTermination(1, TimeUnit.MINUTES);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    ServedVersion current = served.getAndSet(null);
    if (current != null) {
      current.retire();
    }
  }
}
