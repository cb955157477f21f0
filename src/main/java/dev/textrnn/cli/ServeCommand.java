package dev.textrnn.cli;

import dev.textrnn.server.ModelServer;
import dev.textrnn.server.ServerOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(
    name = "serve",
    mixinStandardHelpOptions = true,
    description = {
      "Serve a SavedModel over TensorFlow Serving's REST API: POST"
          + " /v1/models/NAME[/versions/N]:predict, GET /v1/models/NAME[/versions/N][/metadata],"
          + " GET /monitoring/prometheus/metrics.",
      "SIGTERM or Ctrl-C: stop taking requests, answer those in flight, exit 0."
    })
final class ServeCommand implements Callable<Integer> {
  @Option(
      names = "--port",
      defaultValue = "8501",
      description = "0: any free port (default: ${DEFAULT-VALUE})")
  int port;

  @Option(names = "--host", defaultValue = "127.0.0.1", description = "(default: ${DEFAULT-VALUE})")
  String host;

  @Option(
      names = "--model-name",
      defaultValue = "textrnn",
      description = "the NAME in /v1/models/NAME (default: ${DEFAULT-VALUE})")
  String modelName;

  @Option(
      names = "--model-base-path",
      paramLabel = "DIR",
      description =
          "TensorFlow Serving's layout: version folders DIR/1, DIR/2, … each a SavedModel; the"
              + " highest is served, and a new one is swapped in when it appears")
  Path modelBasePath;

  @Option(
      names = "--model-dir",
      paramLabel = "DIR",
      description = "one SavedModel folder, served as version 1 (e.g. savedmodel)")
  Path modelDir;

  @Option(
      names = "--file-system-poll-wait-seconds",
      defaultValue = "1",
      description =
          "how often --model-base-path is read for new versions; 0: never (default: ${DEFAULT-VALUE})")
  int pollWaitSeconds;

  @Option(
      names = "--enable-batching",
      negatable = true,
      defaultValue = "true",
      fallbackValue = "true",
      arity = "0..1",
      description =
          "run concurrent requests as one model call (on by default, unlike TensorFlow Serving)")
  boolean enableBatching;

  @Option(
      names = "--batch-timeout-micros",
      defaultValue = "1000",
      description = "how long a batch waits for more requests (default: ${DEFAULT-VALUE})")
  long batchTimeoutMicros;

  @Option(
      names = "--max-batch-size",
      defaultValue = "64",
      description =
          "rows of a batch; with batching, a request of more instances is refused (default: ${DEFAULT-VALUE})")
  int maxBatchSize;

  @Option(
      names = "--num-batch-threads",
      description =
          "batches run at once: the loops' small ops leave a core idle in a lone model call"
              + " (default: the cores, ${DEFAULT-VALUE})")
  int numBatchThreads = Runtime.getRuntime().availableProcessors();

  @Option(
      names = "--max-body-bytes",
      defaultValue = "10000000",
      description = "a larger request body gets 413 (default: ${DEFAULT-VALUE})")
  long maxBodyBytes;

  @Option(
      names = "--rest-api-timeout-in-ms",
      defaultValue = "30000",
      description =
          "a connection silent this long is closed, and a body not received in this time gets 408"
              + " (default: ${DEFAULT-VALUE})")
  long timeoutMillis;

  @Override
  public Integer call() throws Exception {
    Checks.between("--port", port, 0, 65_535);
    if (modelName.isBlank() || modelName.contains("/") || modelName.contains(":")) {
      throw new Checks.UsageError(
          "--model-name must be a non-empty name without '/' or ':', got '" + modelName + "'");
    }
    Checks.between("--file-system-poll-wait-seconds", pollWaitSeconds, 0, 86_400);
    Checks.between("--batch-timeout-micros", batchTimeoutMicros, 0, 10_000_000);
    Checks.between("--max-batch-size", maxBatchSize, 1, 100_000);
    Checks.between("--num-batch-threads", numBatchThreads, 1, 1024);
    Checks.between("--max-body-bytes", maxBodyBytes, 1, Integer.MAX_VALUE - 8);
    Checks.between("--rest-api-timeout-in-ms", timeoutMillis, 1, 3_600_000);
    if ((modelDir == null) == (modelBasePath == null)) {
      throw new Checks.UsageError(
          modelDir == null
              ? "no model given; pass --model-dir DIR (one SavedModel) or --model-base-path DIR"
                  + " (version folders DIR/1, DIR/2, …)"
              : "--model-dir and --model-base-path name two models; serve one of them");
    }
    if (modelBasePath != null && !Files.isDirectory(modelBasePath)) {
      throw new Checks.UsageError(
          "--model-base-path "
              + modelBasePath
              + ": no such folder; export a model into it with 'textrnn export --out "
              + modelBasePath
              + " --version 1'");
    }
    ServerOptions options =
        new ServerOptions(
            host,
            port,
            modelName,
            modelBasePath,
            modelDir,
            Duration.ofSeconds(pollWaitSeconds),
            enableBatching,
            batchTimeoutMicros,
            maxBatchSize,
            numBatchThreads,
            maxBodyBytes,
            Duration.ofMillis(timeoutMillis));
    // Jetty logs through SLF4J, which would warn on stderr that it has no logger to write to.
    if (System.getProperty("slf4j.internal.verbosity") == null) {
      System.setProperty("slf4j.internal.verbosity", "ERROR");
    }
    ModelServer server = ModelServer.start(options, ModelInput::load, System.err::println);
    CountDownLatch stopped = new CountDownLatch(1);
    try (StopOnSignals signals =
        StopOnSignals.install(
            () ->
                new Thread(
                        () -> {
                          server.close();
                          stopped.countDown();
                        },
                        "textrnn-serve-stop")
                    .start())) {
      System.out.println(
          "serve: listening on http://"
              + host
              + ":"
              + server.port()
              + "/v1/models/"
              + modelName
              + " (version "
              + server.servedVersion()
              + (enableBatching
                  ? ", batching up to "
                      + maxBatchSize
                      + " rows within "
                      + batchTimeoutMicros
                      + " µs"
                  : ", no batching")
              + ")");
      System.out.flush();
      stopped.await();
    }
    System.err.println("serve: stopped; the requests in flight were answered");
    return 0;
  }
}
