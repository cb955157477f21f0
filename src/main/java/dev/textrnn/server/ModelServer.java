package dev.textrnn.server;

import dev.textrnn.serving.Prediction;
import dev.textrnn.serving.SavedModelLayout;
import dev.textrnn.serving.SentimentModel;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.OptionalLong;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpMethod;
import org.eclipse.jetty.http.MimeTypes;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.handler.GracefulHandler;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.tensorflow.proto.SignatureDef;

/**
 * TensorFlow Serving's REST API for one model, on Jetty: {@code POST
 * /v1/models/NAME[/versions/N]:predict}, {@code GET /v1/models/NAME[/versions/N]} (status), {@code
 * GET /v1/models/NAME[/versions/N]/metadata}, and {@code GET /monitoring/prometheus/metrics}.
 * Errors are {@code {"error": "…"}} with TensorFlow Serving's statuses (400, 404), and 413 for a
 * body over the limit, 415 for a body that is not JSON, 408 for one not received in time. {@link
 * #close} stops taking connections, finishes the requests in flight, then frees the models.
 */
public final class ModelServer implements AutoCloseable {
  /** tensorflow_serving/model_servers/http_rest_api_util.cc: kPredictionApiGegex */
  private static final Pattern PREDICT =
      Pattern.compile(
          "(?i)/v1/models/([^/:]+)(?:(?:/versions/(\\d+))|(?:/labels/([^/:]+)))?:(classify|regress|predict)");

  /** … kModelStatusApiRegex */
  private static final Pattern STATUS =
      Pattern.compile(
          "(?i)/v1/models(?:/([^/:]+))?(?:(?:/versions/(\\d+))|(?:/labels/([^/:]+)))?(?:/(metadata))?");

  private static final Pattern REST = Pattern.compile("(?i)/v1/.*");
  private static final String METRICS_PATH = "/monitoring/prometheus/metrics";
  private static final String JSON = "application/json";

  private final ServerOptions options;
  private final ModelVersions versions;
  private final ServingMetrics metrics;
  private final Batcher batcher;

  /** The predict requests being handled, from their first byte to their answer. */
  private final AtomicInteger predicting = new AtomicInteger();

  private final Server server;
  private final ServerConnector connector;
  private final GracefulHandler inFlight;

  private ModelServer(ServerOptions options, ModelVersions versions) {
    this.options = options;
    this.versions = versions;
    this.metrics = new ServingMetrics(options.modelName(), versions::servedVersion);
    this.batcher =
        options.batching()
            ? new Batcher(
                options.maxBatchSize(),
                options.batchTimeoutMicros(),
                options.batchThreads(),
                predicting::get,
                metrics::batch)
            : null;
    QueuedThreadPool threads = new QueuedThreadPool(256, 8);
    threads.setName("textrnn-http");
    threads.setDaemon(true);
    this.server = new Server(threads);
    HttpConfiguration http = new HttpConfiguration();
    http.setSendServerVersion(false);
    http.setSendDateHeader(true);
    this.connector = new ServerConnector(server, 1, 1, new HttpConnectionFactory(http));
    connector.setHost(options.host());
    connector.setPort(options.port());
    connector.setIdleTimeout(options.timeout().toMillis());
    server.addConnector(connector);
    this.inFlight = new GracefulHandler(new RestHandler());
    server.setHandler(inFlight);
    // close() waits this long for the requests in flight.
    server.setStopTimeout(options.timeout().toMillis() + 5_000);
    server.setStopAtShutdown(false);
  }

  /**
   * Loads the model (the highest version of the base path, or the one folder), then listens.
   *
   * @param loader loads a SavedModel folder (SentimentModel::load, or the CLI's checks first)
   * @param log told each version served or failed
   * @throws ServeSetupException or the loader's exception, if the model cannot be served
   * @throws IOException if the port cannot be bound
   */
  public static ModelServer start(
      ServerOptions options, Function<Path, SentimentModel> loader, Consumer<String> log)
      throws IOException {
    ModelVersions versions =
        options.modelDir() != null
            ? ModelVersions.ofFolder(options.modelName(), options.modelDir(), loader, log)
            : ModelVersions.ofBasePath(options.modelName(), options.modelBasePath(), loader, log);
    ModelServer server;
    try {
      server = new ModelServer(options, versions);
      server.server.start();
    } catch (Exception e) {
      versions.close();
      throw new IOException(
          "cannot listen on "
              + options.host()
              + ":"
              + options.port()
              + " ("
              + e.getMessage()
              + "); pass another --host or --port",
          e);
    }
    versions.startPolling(options.pollWait());
    return server;
  }

  /** The port listened on (the one chosen, for port 0). */
  public int port() {
    return connector.getLocalPort();
  }

  /** The version being served. */
  public long servedVersion() {
    return versions.servedVersion();
  }

  /** Reads the base path for new versions now, as a poll does. */
  void pollNow() {
    versions.poll();
  }

  /** Blocks until the server has stopped. */
  public void join() throws InterruptedException {
    server.join();
  }

  /** Stops listening, answers the requests in flight, then frees the models. */
  @Override
  public void close() {
    try {
      // Jetty's own stop would close, after a second (its shutdown idle timeout), a connection
      // whose request body is still arriving: the requests in flight are awaited first, while
      // connections keep their usual timeout; new requests get 503.
      connector.setAccepting(false);
      inFlight.shutdown().get(server.getStopTimeout(), TimeUnit.MILLISECONDS);
      server.stop();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while stopping the HTTP server", e);
    } catch (Exception e) {
      throw new IllegalStateException("stopping the HTTP server failed: " + e.getMessage(), e);
    } finally {
      if (batcher != null) {
        batcher.close();
      }
      versions.close();
    }
  }

  /** An answer: its status, content type and body. */
  private record Answer(int status, String contentType, byte[] body) {
    static Answer json(byte[] body) {
      return new Answer(200, JSON, body);
    }
  }

  private final class RestHandler extends Handler.Abstract {
    @Override
    public boolean handle(Request request, Response response, Callback callback) {
      long start = System.nanoTime();
      String path = request.getHttpURI().getDecodedPath();
      String api = "other";
      Answer answer;
      try {
        if (path.equals(METRICS_PATH) && request.getMethod().equals(HttpMethod.GET.asString())) {
          api = "metrics";
          answer = new Answer(200, ServingMetrics.CONTENT_TYPE, metrics.exposition());
        } else if (REST.matcher(path).matches()) {
          Matcher predict = PREDICT.matcher(path);
          Matcher status = STATUS.matcher(path);
          if (request.getMethod().equals("POST") && predict.matches()) {
            api = predict.group(4).toLowerCase(Locale.ROOT);
            predicting.incrementAndGet();
            try {
              answer = predict(request, predict);
            } finally {
              predicting.decrementAndGet();
            }
          } else if (request.getMethod().equals("GET") && status.matches()) {
            api = status.group(4) != null ? "metadata" : "status";
            answer = statusOrMetadata(status);
          } else {
            throw ApiException.invalidArgument(
                "Malformed request: " + request.getMethod() + " " + path);
          }
        } else {
          throw ApiException.notFound("Not found: " + request.getMethod() + " " + path);
        }
      } catch (ApiException e) {
        answer = new Answer(e.status(), JSON, TensorJson.error(e.getMessage()));
      } catch (RuntimeException | Error e) {
        answer =
            new Answer(
                ApiException.INTERNAL,
                JSON,
                TensorJson.error(
                    "Internal error: " + e.getClass().getSimpleName() + ": " + e.getMessage()));
      }
      metrics.request(api, answer.status(), System.nanoTime() - start);
      response.setStatus(answer.status());
      response.getHeaders().put(HttpHeader.CONTENT_TYPE, answer.contentType());
      response.write(true, ByteBuffer.wrap(answer.body()), callback);
      return true;
    }
  }

  private Answer statusOrMetadata(Matcher status) {
    String name = status.group(1);
    if (name == null) {
      throw ApiException.invalidArgument("Missing model name in request.");
    }
    requireNoLabel(status.group(3));
    OptionalLong version = version(status.group(2));
    boolean metadata = status.group(4) != null;
    if (!name.equals(options.modelName())) {
      throw ApiException.notFound(
          metadata
              ? "Servable not found for request: " + spec(name, version)
              : "Could not find any versions of model " + name);
    }
    if (!metadata) {
      return Answer.json(StatusJson.status(versions.statuses(version)));
    }
    try (ServedVersion.Lease lease = versions.lease(version)) {
      return Answer.json(StatusJson.metadata(name, lease.version(), lease.model().signatureDefs()));
    }
  }

  private Answer predict(Request request, Matcher route) {
    String name = route.group(1);
    requireNoLabel(route.group(3));
    OptionalLong version = version(route.group(2));
    if (!name.equals(options.modelName())) {
      throw ApiException.notFound("Servable not found for request: " + spec(name, version));
    }
    String method = route.group(4).toLowerCase(Locale.ROOT);
    if (!method.equals("predict")) {
      // Every signature of a textrnn model is a prediction signature.
      throw ApiException.invalidArgument(
          "Expected "
              + method
              + " signature method_name to be tensorflow/serving/"
              + method
              + ". Was: "
              + SavedModelLayout.PREDICT_METHOD
              + "; use :predict");
    }
    requireJson(request);
    TensorJson.PredictRequest parsed = TensorJson.parse(body(request));
    try (ServedVersion.Lease lease = versions.lease(version)) {
      SentimentModel model = lease.model();
      SignatureDef signature = model.signatureDefs().get(parsed.signatureName());
      if (signature == null) {
        throw ApiException.invalidArgument(
            "Serving signature name: \""
                + parsed.signatureName()
                + "\" not found in signature def");
      }
      if (!signature.getMethodName().equals(SavedModelLayout.PREDICT_METHOD)) {
        throw ApiException.invalidArgument(
            "Expected prediction signature method_name to be tensorflow/serving/predict. Was: "
                + signature.getMethodName());
      }
      return switch (parsed.signatureName()) {
        case SavedModelLayout.SERVING_DEFAULT ->
            Answer.json(
                TensorJson.predictions(
                    parsed.format(),
                    run(
                        model,
                        SentimentModel::predict,
                        TensorJson.texts(parsed, SavedModelLayout.TEXT))));
        case SavedModelLayout.PREDICT_IDS ->
            Answer.json(
                TensorJson.predictions(
                    parsed.format(),
                    run(
                        model,
                        SentimentModel::predictIds,
                        TensorJson.idRows(parsed, SavedModelLayout.IDS))));
        case SavedModelLayout.VECTORIZE ->
            Answer.json(
                TensorJson.singleOutput(
                    parsed.format(),
                    model.vectorize(
                        TensorJson.texts(parsed, SavedModelLayout.TEXT).stream()
                            .map(text -> text.getBytes(StandardCharsets.UTF_8))
                            .toList())));
        default ->
            throw ApiException.invalidArgument(
                "Serving signature name: \"" + parsed.signatureName() + "\" is not served here");
      };
    }
  }

  /** Predicts the rows through the batcher, or at once without batching. */
  private <T> List<Prediction> run(
      SentimentModel model,
      java.util.function.BiFunction<SentimentModel, List<T>, List<Prediction>> predict,
      List<T> rows) {
    try {
      if (batcher == null) {
        return predict.apply(model, rows);
      }
      if (rows.size() > batcher.maxBatchSize()) {
        throw ApiException.invalidArgument(
            "Task size "
                + rows.size()
                + " is larger than maximum input batch size "
                + batcher.maxBatchSize()
                + "; send at most "
                + batcher.maxBatchSize()
                + " instances in a request (or start the server with a larger --max-batch-size)");
      }
      try {
        return batcher.submit(model, predict, rows).get();
      } catch (ExecutionException e) {
        if (e.getCause() instanceof RuntimeException cause) {
          throw cause;
        }
        if (e.getCause() instanceof Error cause) {
          throw cause;
        }
        throw new IllegalStateException(e.getCause());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new ApiException(ApiException.UNAVAILABLE, "the server is stopping");
      }
    } catch (
        IllegalArgumentException
            e) { // TensorFlow's INVALID_ARGUMENT (TFInvalidArgumentException) too
      throw ApiException.invalidArgument(firstLine(e.getMessage()));
    }
  }

  /**
   * The body, at most --max-body-bytes, received within the timeout.
   *
   * @throws ApiException 413 if larger, 408 if not received in time, 400 if cut short
   */
  private byte[] body(Request request) {
    long declared = request.getLength();
    if (declared > options.maxBodyBytes()) {
      throw tooLarge(declared + " bytes");
    }
    long deadline = System.nanoTime() + options.timeout().toNanos();
    ByteArrayOutputStream body = new ByteArrayOutputStream(declared > 0 ? (int) declared : 8192);
    byte[] chunk = new byte[64 * 1024];
    try (InputStream in = Content.Source.asInputStream(request)) {
      for (int read; (read = in.read(chunk)) != -1; ) {
        if (body.size() + (long) read > options.maxBodyBytes()) {
          throw tooLarge("more than " + options.maxBodyBytes() + " bytes");
        }
        body.write(chunk, 0, read);
        if (System.nanoTime() > deadline) {
          throw timeout();
        }
      }
    } catch (IOException e) {
      if (e.getCause() instanceof java.util.concurrent.TimeoutException
          || e instanceof java.io.InterruptedIOException) {
        throw timeout();
      }
      throw ApiException.invalidArgument(
          "the request body was cut short after "
              + body.size()
              + " bytes ("
              + e.getMessage()
              + ")");
    }
    return body.toByteArray();
  }

  private ApiException tooLarge(String size) {
    return new ApiException(
        ApiException.PAYLOAD_TOO_LARGE,
        "the request body of "
            + size
            + " is larger than the limit of "
            + options.maxBodyBytes()
            + " bytes (--max-body-bytes); send fewer or shorter instances per request");
  }

  private ApiException timeout() {
    return new ApiException(
        ApiException.REQUEST_TIMEOUT,
        "the request body was not received within "
            + options.timeout().toMillis()
            + " ms (--rest-api-timeout-in-ms)");
  }

  /**
   * JSON, or what curl -d sends (TensorFlow Serving's documented examples) or no type at all.
   *
   * @throws ApiException 415 for any other type, or a charset other than UTF-8
   */
  private static void requireJson(Request request) {
    String type = request.getHeaders().get(HttpHeader.CONTENT_TYPE);
    if (type == null) {
      return;
    }
    String mime = MimeTypes.getContentTypeWithoutCharset(type).strip().toLowerCase(Locale.ROOT);
    String charset = MimeTypes.getCharsetFromContentType(type);
    boolean json =
        mime.equals(JSON)
            || mime.endsWith("+json")
            || mime.equals("application/x-www-form-urlencoded")
            || mime.equals("text/plain");
    if (!json || (charset != null && !charset.equalsIgnoreCase("utf-8"))) {
      throw new ApiException(
          ApiException.UNSUPPORTED_MEDIA_TYPE,
          "Content-Type " + type + " is not JSON; send the request as application/json in UTF-8");
    }
  }

  private static void requireNoLabel(String label) {
    if (label != null) {
      throw ApiException.invalidArgument(
          "Unrecognized servable version label: " + label + " (textrnn serve has no labels)");
    }
  }

  private static OptionalLong version(String digits) {
    if (digits == null) {
      return OptionalLong.empty();
    }
    try {
      return OptionalLong.of(Long.parseLong(digits));
    } catch (NumberFormatException e) {
      throw ApiException.invalidArgument("Failed to convert version: " + digits + " to numeric.");
    }
  }

  private static String spec(String name, OptionalLong version) {
    return version.isPresent()
        ? "Specific(" + name + ", " + version.getAsLong() + ")"
        : "Latest(" + name + ")";
  }

  private static String firstLine(String message) {
    return message == null ? "invalid argument" : message.strip().lines().findFirst().orElse("");
  }
}
