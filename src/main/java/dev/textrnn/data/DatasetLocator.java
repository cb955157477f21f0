package dev.textrnn.data;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import java.util.function.Function;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;

/**
 * Finds {@code aclImdb_v1.tar.gz}: the {@code --data} flag, else {@code $TEXTRNN_DATA}, else the
 * user cache {@code ${XDG_CACHE_HOME:-~/.cache}/textrnn/aclImdb_v1.tar.gz}, else downloads it
 * there, checking its sha256.
 */
public final class DatasetLocator {

  public static final URI DOWNLOAD_URL =
      URI.create("https://ai.stanford.edu/~amaas/data/sentiment/aclImdb_v1.tar.gz");
  public static final String ENV_VAR = "TEXTRNN_DATA";
  public static final String FILE_NAME = "aclImdb_v1.tar.gz";

  /**
   * The official archive and the repacked one of the shared data folder (sorted entries, no
   * *.feat).
   */
  static final Set<String> ACCEPTED_SHA256 =
      Set.of(
          "c40f74a18d3b61f90feba1e17730e0d38e8b97c05fde7008942e91923d1658fe",
          "b3ea9abf41a0fd29824b9c1aa68d7533ee679c479ba71fa5804f3ba1b6f9044d");

  private final Function<String, String> env;
  private final Path cacheDir;
  private final URI url;
  private final Set<String> acceptedSha256;
  private final Duration stallTimeout;

  /**
   * For tests: another environment (also the source of {@code XDG_CACHE_HOME}), address, checksums,
   * and the time after which a connection attempt or a download that receives nothing fails.
   */
  DatasetLocator(
      Function<String, String> env,
      String userHome,
      URI url,
      Set<String> acceptedSha256,
      Duration stallTimeout) {
    this.env = env;
    this.cacheDir = cacheDir(env, userHome);
    this.url = url;
    this.acceptedSha256 = acceptedSha256;
    this.stallTimeout = stallTimeout;
  }

  /**
   * The archive to read, logging where it comes from; downloads it (progress on stderr) if no other
   * source has it.
   *
   * @param dataFlag the {@code --data} option, or null if not given
   * @throws DatasetException with a one-line message if a given path does not exist or the download
   *     fails
   */
  public static Path resolve(Path dataFlag, Consumer<String> log) {
    return new DatasetLocator(
            System::getenv,
            System.getProperty("user.home"),
            DOWNLOAD_URL,
            ACCEPTED_SHA256,
            Duration.ofSeconds(60))
        .locate(dataFlag, log);
  }

  Path locate(Path dataFlag, Consumer<String> log) {
    if (dataFlag != null) {
      return given(dataFlag, "--data", "pass an existing " + FILE_NAME + " with --data", log);
    }
    String fromEnv = env.apply(ENV_VAR);
    if (fromEnv != null && !fromEnv.isBlank()) {
      return given(
          Path.of(fromEnv),
          "environment variable " + ENV_VAR,
          "set " + ENV_VAR + " to an existing " + FILE_NAME + " or unset it",
          log);
    }
    Path cached = cacheDir.resolve(FILE_NAME);
    if (Files.isRegularFile(cached)) {
      log.accept("dataset: " + cached + " (cache)");
      return cached;
    }
    return download(cached, log);
  }

  /**
   * {@code $XDG_CACHE_HOME/textrnn}, or {@code ~/.cache/textrnn} if it is unset, empty or relative
   * (XDG spec).
   */
  static Path cacheDir(Function<String, String> env, String userHome) {
    String xdg = env.apply("XDG_CACHE_HOME");
    Path base =
        xdg != null && !xdg.isBlank() && Path.of(xdg).isAbsolute()
            ? Path.of(xdg)
            : Path.of(userHome, ".cache");
    return base.resolve("textrnn");
  }

  private static Path given(Path path, String source, String action, Consumer<String> log) {
    if (Files.isDirectory(path)) {
      throw new DatasetException(
          path
              + ": is a directory (from "
              + source
              + "), expected the file "
              + FILE_NAME
              + "; "
              + action);
    }
    if (!Files.exists(path)) {
      throw new DatasetException(path + ": no such file (from " + source + "); " + action);
    }
    if (!Files.isRegularFile(path)) {
      throw new DatasetException(
          path
              + ": is "
              + specialFileKind(path)
              + ", not a regular file (from "
              + source
              + "), expected the file "
              + FILE_NAME
              + "; "
              + action);
    }
    log.accept("dataset: " + path + " (" + source + ")");
    return path;
  }

  /**
   * What a path that exists but is neither a folder nor a regular file is, from its POSIX file type
   * ({@code st_mode}), for a message: "a character device" for /dev/null.
   */
  static String specialFileKind(Path path) {
    int type;
    try {
      type = (Integer) Files.getAttribute(path, "unix:mode") & 0170000;
    } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
      return "a special file";
    }
    return switch (type) {
      case 0020000 -> "a character device";
      case 0060000 -> "a block device";
      case 0010000 -> "a named pipe";
      case 0140000 -> "a socket";
      default -> "a special file";
    };
  }

  private Path download(Path target, Consumer<String> log) {
    String action =
        "check the network, or download " + FILE_NAME + " yourself and pass --data FILE";
    Path temp;
    try {
      Files.createDirectories(cacheDir);
      temp = Files.createTempFile(cacheDir, FILE_NAME + ".", ".part");
    } catch (IOException e) {
      throw new DatasetException(
          cacheDir
              + ": cannot create the download cache ("
              + DatasetException.reason(e, true)
              + "); pass --data FILE or set XDG_CACHE_HOME",
          e);
    }
    log.accept("dataset: downloading " + url + " to " + target);
    boolean moved = false;
    try {
      String sha256 = fetch(temp);
      if (!acceptedSha256.contains(sha256)) {
        throw new DatasetException(
            url
                + ": downloaded file has sha256 "
                + sha256
                + ", expected "
                + String.join(" or ", acceptedSha256.stream().sorted().toList())
                + "; download "
                + FILE_NAME
                + " yourself and pass --data FILE");
      }
      // Atomic, so a crash or a concurrent run never sees a partial file under the final name.
      Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
      moved = true;
      log.accept("dataset: " + target + " (downloaded, sha256 " + sha256 + ")");
      return target;
    } catch (IOException e) {
      throw new DatasetException(
          url + ": download failed (" + DatasetException.reason(e, true) + "); " + action, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new DatasetException(url + ": download interrupted; " + action, e);
    } finally {
      if (!moved) {
        try {
          Files.deleteIfExists(temp);
        } catch (IOException e) {
          log.accept("dataset: could not delete " + temp + ": " + DatasetException.reason(e, true));
        }
      }
    }
  }

  /** Downloads {@link #url} into {@code file}; returns the hex sha256 of the bytes. */
  private String fetch(Path file) throws IOException, InterruptedException {
    HttpClient client =
        HttpClient.newBuilder()
            .followRedirects(HttpClient.Redirect.NORMAL)
            .connectTimeout(stallTimeout)
            .build();
    HttpRequest request = HttpRequest.newBuilder(url).GET().build();
    try (BodyWriter writer = new BodyWriter(FileChannel.open(file, StandardOpenOption.WRITE))) {
      CompletableFuture<HttpResponse<Void>> pending =
          client.sendAsync(
              request,
              info -> {
                if (info.statusCode() != 200) {
                  return HttpResponse.BodySubscribers.replacing(null);
                }
                writer.start(info.headers().firstValueAsLong("Content-Length").orElse(-1));
                return HttpResponse.BodySubscribers.fromSubscriber(writer);
              });
      // Polls rather than blocks, as the client has no timeout for a body that stops arriving.
      while (true) {
        try {
          HttpResponse<Void> response = pending.get(1, TimeUnit.SECONDS);
          if (response.statusCode() != 200) {
            throw new IOException("HTTP status " + response.statusCode());
          }
          return writer.sha256();
        } catch (ExecutionException e) {
          throw e.getCause() instanceof IOException io ? io : new IOException(e.getCause());
        } catch (TimeoutException e) {
          if (writer.failure != null) {
            pending.cancel(true);
            throw writer.failure;
          }
          if (System.nanoTime() - writer.lastProgress > stallTimeout.toNanos()) {
            pending.cancel(true);
            throw new IOException("no data for " + stallTimeout.toSeconds() + " s");
          }
        }
      }
    }
  }

  /** Receives the response body: writes it to the file, hashes it, shows progress. */
  private static final class BodyWriter
      implements Flow.Subscriber<List<ByteBuffer>>, AutoCloseable {
    private final FileChannel out;
    private final MessageDigest digest = sha256Digest();
    private Flow.Subscription subscription;
    private volatile ProgressBar bar;
    volatile long lastProgress = System.nanoTime();

    /** Writing the file failed; the body was cancelled, so the response will never complete. */
    volatile IOException failure;

    BodyWriter(FileChannel out) {
      this.out = out;
    }

    void start(long length) {
      bar =
          new ProgressBarBuilder()
              .setTaskName(FILE_NAME)
              .setInitialMax(length)
              .setUnit(" MiB", 1 << 20)
              .showSpeed()
              .setConsumer(new ConsoleProgressBarConsumer(System.err))
              .build();
    }

    @Override
    public void onSubscribe(Flow.Subscription subscription) {
      this.subscription = subscription;
      subscription.request(1);
    }

    @Override
    public void onNext(List<ByteBuffer> buffers) {
      try {
        for (ByteBuffer buffer : buffers) {
          int n = buffer.remaining();
          digest.update(buffer.duplicate());
          while (buffer.hasRemaining()) {
            out.write(buffer);
          }
          bar.stepBy(n);
        }
        lastProgress = System.nanoTime();
        subscription.request(1);
      } catch (IOException e) {
        failure = e;
        subscription.cancel();
      }
    }

    @Override
    public void onError(Throwable error) {
      // the client completes the response future with it
    }

    @Override
    public void onComplete() {
      // the client then completes the response future
    }

    String sha256() {
      return HexFormat.of().formatHex(digest.digest());
    }

    @Override
    public void close() throws IOException {
      if (bar != null) {
        bar.close();
      }
      out.close();
    }
  }

  private static MessageDigest sha256Digest() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java platform has SHA-256", e);
    }
  }
}
