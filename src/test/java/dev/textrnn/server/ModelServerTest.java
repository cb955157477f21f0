package dev.textrnn.server;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.textrnn.data.Review;
import dev.textrnn.serving.Prediction;
import dev.textrnn.serving.SentimentModel;
import dev.textrnn.serving.TestModels;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The server over real HTTP on an ephemeral loopback port, with java.net.http as the client: every
 * endpoint and error status, both formats, both prediction signatures, batching, bad input.
 */
class ModelServerTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

  private static ModelServer server;
  private static SentimentModel alone;
  private static List<String> texts;

  @BeforeAll
  static void start() throws IOException {
    TestModels.Exported model = TestModels.small();
    alone = SentimentModel.load(model.dir());
    texts =
        Stream.concat(
                Stream.of("", "The movie was cool.", "Café, déjà vu… 10/10!"),
                TestModels.testReviews(40).stream().map(Review::textString))
            .toList();
    server = start(options(model.dir(), null, true, 20_000, Duration.ofSeconds(2)));
  }

  @AfterAll
  static void stop() {
    server.close();
    alone.close();
  }

  static ServerOptions options(
      Path modelDir, Path basePath, boolean batching, long timeoutMicros, Duration timeout) {
    return new ServerOptions(
        "127.0.0.1",
        0,
        "textrnn",
        basePath,
        modelDir,
        Duration.ofMillis(100),
        batching,
        timeoutMicros,
        64,
        2,
        1_000_000,
        timeout);
  }

  static ModelServer start(ServerOptions options) throws IOException {
    return ModelServer.start(options, SentimentModel::load, line -> {});
  }

  @Test
  void rowAndColumnarFormatsGiveTheModelsPredictions() throws Exception {
    List<Prediction> expected = alone.predict(texts);
    JsonNode rows = post(server, ":predict", Map.of("instances", texts)).path("predictions");
    JsonNode named =
        post(
                server,
                "/versions/1:predict",
                Map.of(
                    "signature_name",
                    "serving_default",
                    "instances",
                    texts.stream().map(text -> Map.of("text", text)).toList()))
            .path("predictions");
    JsonNode columns =
        post(server, ":predict", Map.of("inputs", Map.of("text", texts))).path("outputs");
    for (int i = 0; i < texts.size(); i++) {
      Prediction p = expected.get(i);
      for (JsonNode row : List.of(rows.get(i), named.get(i))) {
        assertArrayEquals(p.logits(), floats(row.get("logits")), 1e-6f, "text " + i);
        assertEquals(p.label(), row.get("label").asText());
        assertEquals("[\"negative\",\"positive\"]", row.get("classes").toString());
        assertArrayEquals(
            new float[] {p.scores().get("negative"), p.scores().get("positive")},
            floats(row.get("scores")),
            1e-6f);
        assertArrayEquals(
            new float[] {p.scores().get("positive")}, floats(row.get("probabilities")), 1e-6f);
      }
      assertArrayEquals(p.logits(), floats(columns.get("logits").get(i)), 1e-6f);
      assertEquals(p.label(), columns.get("label").get(i).asText());
    }
  }

  @Test
  void predictIdsAndVectorizeSignatures() throws Exception {
    List<String> some = texts.subList(1, 6);
    JsonNode ids =
        post(server, ":predict", Map.of("signature_name", "vectorize", "instances", some))
            .path("predictions");
    assertEquals(some.size(), ids.size());
    JsonNode byIds =
        post(server, ":predict", Map.of("signature_name", "predict_ids", "inputs", ids))
            .path("outputs");
    List<Prediction> expected = alone.predict(some);
    for (int i = 0; i < some.size(); i++) {
      assertArrayEquals(
          expected.get(i).logits(), floats(byIds.get("logits").get(i)), 1e-6f, "text " + i);
    }
  }

  /** Concurrent requests are batched, and each answer is what the text gives alone. */
  @Test
  void concurrentRequestsAreBatchedAndAnswerAsAlone() throws Exception {
    List<Prediction> expected = alone.predict(texts);
    ExecutorService clients = Executors.newFixedThreadPool(16);
    try {
      List<Future<JsonNode>> answers = new ArrayList<>();
      for (String text : texts) {
        answers.add(
            clients.submit(() -> post(server, ":predict", Map.of("instances", List.of(text)))));
      }
      for (int i = 0; i < texts.size(); i++) {
        JsonNode row = answers.get(i).get().path("predictions").get(0);
        assertArrayEquals(expected.get(i).logits(), floats(row.get("logits")), 1e-6f, "text " + i);
      }
    } finally {
      clients.shutdown();
    }
    String metrics = get(server, "/monitoring/prometheus/metrics").body();
    long batched =
        metrics
            .lines()
            .filter(
                line ->
                    line.startsWith(
                        "textrnn_serving_batch_size_bucket{model_name=\"textrnn\",le=\"1\"}"))
            .mapToLong(line -> Long.parseLong(line.substring(line.lastIndexOf(' ') + 1)))
            .sum();
    long batches =
        metrics
            .lines()
            .filter(line -> line.startsWith("textrnn_serving_batch_size_count"))
            .mapToLong(line -> Long.parseLong(line.substring(line.lastIndexOf(' ') + 1)))
            .sum();
    assertTrue(batches > batched, "some batch held more than one request:\n" + metrics);
  }

  /**
   * With no other request in the server, a batch runs at once instead of waiting out its window.
   */
  @Test
  void aLoneRequestDoesNotWaitForTheBatchWindow() throws Exception {
    long window = Duration.ofSeconds(20).toNanos() / 1000;
    try (ModelServer lone =
        start(options(TestModels.small().dir(), null, true, window, Duration.ofSeconds(30)))) {
      for (int i = 0; i < 3; i++) {
        long start = System.nanoTime();
        post(lone, ":predict", Map.of("instances", List.of(texts.get(i))));
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        assertTrue(took.toSeconds() < 10, "request " + i + " took " + took);
      }
    }
  }

  @Test
  void statusAndMetadata() throws Exception {
    for (String path : List.of("", "/versions/1")) {
      HttpResponse<String> status = get(server, "/v1/models/textrnn" + path);
      assertEquals(200, status.statusCode());
      assertEquals(
          JSON.readTree(
              "{\"model_version_status\":[{\"version\":\"1\",\"state\":\"AVAILABLE\","
                  + "\"status\":{\"error_code\":\"OK\",\"error_message\":\"\"}}]}"),
          JSON.readTree(status.body()));
    }
    JsonNode metadata = JSON.readTree(get(server, "/v1/models/textrnn/metadata").body());
    assertEquals(
        JSON.readTree("{\"name\":\"textrnn\",\"signature_name\":\"\",\"version\":\"1\"}"),
        metadata.get("model_spec"));
    JsonNode defs = metadata.path("metadata").path("signature_def").path("signature_def");
    assertEquals(
        List.of("__saved_model_init_op", "predict_ids", "serving_default", "vectorize"),
        iterate(defs.fieldNames()));
    JsonNode text = defs.path("serving_default").path("inputs").path("text");
    assertEquals("DT_STRING", text.get("dtype").asText());
    assertEquals("-1", text.path("tensor_shape").path("dim").get(0).get("size").asText());
    assertEquals(
        List.of("classes", "label", "logits", "probabilities", "scores"),
        iterate(defs.path("serving_default").path("outputs").fieldNames()));
    assertEquals(
        "tensorflow/serving/predict", defs.path("predict_ids").get("method_name").asText());
  }

  @Test
  void errorsHaveTensorFlowServingsStatuses() throws Exception {
    String predict = "/v1/models/textrnn:predict";
    assertError(
        404,
        "Servable not found for request: Latest(other)",
        post("/v1/models/other:predict", "{\"instances\":[\"x\"]}", null));
    assertError(
        404,
        "Servable not found for request: Specific(textrnn, 7)",
        post("/v1/models/textrnn/versions/7:predict", "{\"instances\":[\"x\"]}", null));
    assertError(
        404,
        "Could not find version 7 of model textrnn",
        get(server, "/v1/models/textrnn/versions/7"));
    assertError(404, "Could not find any versions of model other", get(server, "/v1/models/other"));
    assertError(400, "Missing model name in request.", get(server, "/v1/models"));
    assertError(400, "Malformed request: GET " + predict, get(server, predict));
    assertError(404, "Not found: GET /elsewhere", get(server, "/elsewhere"));
    assertError(
        400,
        "Unrecognized servable version label: stable",
        post("/v1/models/textrnn/labels/stable:predict", "{\"instances\":[\"x\"]}", null));
    assertError(
        400,
        "Expected classify signature method_name",
        post("/v1/models/textrnn:classify", "{\"examples\":[{\"text\":\"x\"}]}", null));
    assertError(400, "JSON Parse error: The document is empty", post(predict, "", null));
    assertError(
        400,
        "JSON Parse error: Unrecognized token 'instances'",
        post(predict, "instances = [1, 2]", null));
    assertError(400, "Is not object", post(predict, "[1]", null));
    assertError(
        400,
        "'signature_name' key must be a string value.",
        post(predict, "{\"signature_name\":100}", null));
    assertError(
        400,
        "Serving signature name: \"nope\" not found in signature def",
        post(predict, "{\"signature_name\":\"nope\",\"instances\":[\"x\"]}", null));
    assertError(
        400,
        "Expected prediction signature method_name to be tensorflow/serving/predict. Was: ",
        post(
            predict, "{\"signature_name\":\"__saved_model_init_op\",\"instances\":[\"x\"]}", null));
    assertError(
        400, "Missing 'inputs' or 'instances' key", post(predict, "{\"texts\":[\"x\"]}", null));
    assertError(
        400,
        "expecting only one of 'inputs' or 'instances'",
        post(predict, "{\"inputs\":[\"x\"],\"instances\":[\"x\"]}", null));
    assertError(400, "No values in 'instances' array", post(predict, "{\"instances\":[]}", null));
    assertError(
        400,
        "JSON Value: 5 Type: Number is not of expected type: string",
        post(predict, "{\"instances\":[\"x\", 5]}", null));
    assertError(
        400,
        "keys must be equal to: text",
        post(predict, "{\"instances\":[{\"review\":\"x\"}]}", null));
    assertError(
        400,
        "Missing named input: text in 'inputs' object.",
        post(predict, "{\"inputs\":{}}", null));
    assertError(
        400,
        "does not have named input: review",
        post(predict, "{\"inputs\":{\"review\":[\"x\"]}}", null));
    assertError(
        400,
        "is not of expected type: int64",
        post(predict, "{\"signature_name\":\"predict_ids\",\"instances\":[[1, 2.5]]}", null));
    assertError(
        400,
        "Expecting tensor size: 2 but got: 1",
        post(predict, "{\"signature_name\":\"predict_ids\",\"instances\":[[1, 2], [3]]}", null));
    assertError(
        400,
        "is not in [0, 1000)",
        post(predict, "{\"signature_name\":\"predict_ids\",\"instances\":[[1, 5000]]}", null));
    assertError(
        400,
        "Task size 10000 is larger than maximum input batch size 64",
        post(
            predict,
            JSON.writeValueAsString(
                Map.of("instances", java.util.Collections.nCopies(10_000, "ok"))),
            null));
    // Declared, not sent: a client still sending a body the server refused may read a reset.
    String refused = rawRequest(1_000_001, true);
    assertTrue(refused.startsWith("HTTP/1.1 413 "), refused);
    assertTrue(
        refused.contains("is larger than the limit of 1000000 bytes (--max-body-bytes)"), refused);
    assertError(
        415,
        "Content-Type application/xml is not JSON",
        post(predict, "{\"instances\":[\"x\"]}", "application/xml"));
    assertError(
        400,
        "JSON Parse error: Invalid UTF-8",
        postBytes(predict, new byte[] {'{', '"', (byte) 0xff, (byte) 0xfe, '"', ':', '1', '}'}));
    byte[] junk = new byte[4096];
    new java.util.Random(7).nextBytes(junk);
    assertError(400, "JSON Parse error", postBytes(predict, junk));
    // The server still serves.
    assertEquals(
        1,
        post(server, ":predict", Map.of("instances", List.of("fine"))).path("predictions").size());
  }

  /** A bad id in one request of a batch fails that request alone. */
  @Test
  void aBadRequestInABatchFailsAlone() throws Exception {
    ExecutorService clients = Executors.newFixedThreadPool(8);
    try {
      List<Future<HttpResponse<String>>> answers = new ArrayList<>();
      for (int i = 0; i < 8; i++) {
        String ids = i == 3 ? "[[1, 2, 99999]]" : "[[1, 2, " + (10 + i) + "]]";
        answers.add(
            clients.submit(
                () ->
                    post(
                        "/v1/models/textrnn:predict",
                        "{\"signature_name\":\"predict_ids\",\"instances\":" + ids + "}",
                        null)));
      }
      for (int i = 0; i < 8; i++) {
        assertEquals(i == 3 ? 400 : 200, answers.get(i).get().statusCode(), "request " + i);
      }
    } finally {
      clients.shutdown();
    }
  }

  /** A body cut short, and a client that stops sending: an error each, and the server serves on. */
  @Test
  void truncatedAndSlowBodies() throws Exception {
    String truncated = rawRequest(1_000, false);
    assertTrue(truncated.isEmpty() || truncated.startsWith("HTTP/1.1 4"), truncated);
    String slow = rawRequest(1_000, true);
    assertTrue(slow.startsWith("HTTP/1.1 408"), slow);
    assertTrue(slow.contains("was not received within 2000 ms"), slow);
    assertEquals(
        1,
        post(server, ":predict", Map.of("instances", List.of("fine"))).path("predictions").size());
  }

  /**
   * Declares {@code declared} bytes and sends 20: then closes its side ({@code slow} false) or
   * waits for the server's answer; what the server answered, if anything.
   */
  private static String rawRequest(int declared, boolean slow) throws IOException {
    try (Socket socket = new Socket("127.0.0.1", server.port())) {
      socket.setSoTimeout(20_000);
      OutputStream out = socket.getOutputStream();
      out.write(
          ("POST /v1/models/textrnn:predict HTTP/1.1\r\nHost: localhost\r\n"
                  + "Content-Type: application/json\r\nContent-Length: "
                  + declared
                  + "\r\n\r\n"
                  + "{\"instances\": [\"abc")
              .getBytes(StandardCharsets.US_ASCII));
      out.flush();
      if (!slow) {
        socket.shutdownOutput();
      }
      InputStream in = socket.getInputStream();
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (java.net.SocketException e) {
      return "";
    }
  }

  @Test
  void metricsPage() throws Exception {
    post(server, ":predict", Map.of("instances", List.of("counted")));
    get(server, "/v1/models/nope");
    HttpResponse<String> page = get(server, "/monitoring/prometheus/metrics");
    assertEquals(200, page.statusCode());
    assertTrue(
        page.headers()
            .firstValue("Content-Type")
            .orElse("")
            .startsWith("text/plain; version=0.0.4"));
    String text = page.body();
    assertTrue(
        text.contains(
            "textrnn_serving_requests_total{model_name=\"textrnn\",api=\"predict\",code=\"200\"}"),
        text);
    assertTrue(
        text.contains(
            "textrnn_serving_requests_total{model_name=\"textrnn\",api=\"status\",code=\"404\"}"),
        text);
    assertTrue(
        text.contains(
            "textrnn_serving_request_latency_seconds_bucket{model_name=\"textrnn\",api=\"predict\",le=\"+Inf\"}"),
        text);
    assertTrue(text.contains("# TYPE textrnn_serving_batch_size histogram"), text);
    assertTrue(text.contains("textrnn_serving_model_version{model_name=\"textrnn\"} 1"), text);
  }

  /**
   * Versions appear, replace the served one, and fail to load, while a client keeps sending: no
   * request fails, and the answers switch to the new version's.
   */
  @Test
  void versionsAppearReplaceAndFailWhileAClientSends(@TempDir Path base) throws Exception {
    TestModels.export(TestModels.TINY, 1, base.resolve("1"));
    try (ModelServer versioned = start(options(null, base, true, 1000, Duration.ofSeconds(5)));
        SentimentModel second =
            SentimentModel.load(
                TestModels.export(TestModels.TINY, 2, base.resolve("staging")).dir())) {
      AtomicBoolean sending = new AtomicBoolean(true);
      AtomicInteger failures = new AtomicInteger();
      AtomicInteger sent = new AtomicInteger();
      List<String> failed = java.util.Collections.synchronizedList(new ArrayList<>());
      Thread client =
          new Thread(
              () -> {
                while (sending.get()) {
                  try {
                    HttpResponse<String> answer =
                        post(
                            versioned,
                            "/v1/models/textrnn:predict",
                            "{\"instances\":[\"a fine film\"]}",
                            null);
                    sent.incrementAndGet();
                    if (answer.statusCode() != 200) {
                      failures.incrementAndGet();
                      failed.add(answer.body());
                    }
                  } catch (Exception e) {
                    failures.incrementAndGet();
                    failed.add(e.toString());
                  }
                }
              });
      client.start();
      Thread.sleep(300);
      assertEquals(1, versioned.servedVersion());
      Files.move(base.resolve("staging"), base.resolve("2")); // a version appears, atomically
      awaitVersion(versioned, 2);
      float expected = second.predict("a fine film").logit();
      JsonNode answer = post(versioned, ":predict", Map.of("instances", List.of("a fine film")));
      assertEquals(
          expected,
          (float) answer.path("predictions").get(0).path("logits").get(0).asDouble(),
          1e-6f);

      Path broken = base.resolve("3");
      Files.createDirectories(broken.resolve("variables"));
      Files.write(broken.resolve("saved_model.pb"), new byte[] {1, 2, 3});
      Files.write(broken.resolve("variables/variables.index"), new byte[] {1});
      long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
      JsonNode status;
      do {
        Thread.sleep(100);
        status =
            JSON.readTree(get(versioned, "/v1/models/textrnn").body()).path("model_version_status");
      } while (!status.get(0).path("state").asText().equals("END") && System.nanoTime() < deadline);
      assertEquals("3", status.get(0).get("version").asText());
      assertEquals("END", status.get(0).get("state").asText());
      assertEquals("UNKNOWN", status.get(0).path("status").get("error_code").asText());
      assertTrue(
          status.get(0).path("status").get("error_message").asText().contains("3"),
          status.toString());
      assertEquals("2", status.get(1).get("version").asText());
      assertEquals("AVAILABLE", status.get(1).get("state").asText());
      assertEquals("END", status.get(2).get("state").asText());
      assertEquals("OK", status.get(2).path("status").get("error_code").asText());
      Thread.sleep(300);
      assertEquals(2, versioned.servedVersion());
      // A loaded machine slows the client; it sends on until it has sent a few.
      long sendingDeadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
      while (sent.get() <= 10 && System.nanoTime() < sendingDeadline) {
        Thread.sleep(50);
      }
      sending.set(false);
      client.join();
      assertEquals(0, failures.get(), "failed requests: " + failed);
      assertTrue(sent.get() > 10, "the client sent " + sent.get());
    }
  }

  private static void awaitVersion(ModelServer server, long version) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (server.servedVersion() != version && System.nanoTime() < deadline) {
      Thread.sleep(50);
    }
    assertEquals(version, server.servedVersion());
  }

  private static void assertError(int status, String message, HttpResponse<String> response)
      throws IOException {
    assertEquals(status, response.statusCode(), response.body());
    assertEquals("application/json", response.headers().firstValue("Content-Type").orElse(""));
    String error = JSON.readTree(response.body()).path("error").asText();
    assertTrue(error.contains(message), "\"" + error + "\" should contain \"" + message + "\"");
  }

  private static JsonNode post(ModelServer server, String suffix, Object body) throws Exception {
    HttpResponse<String> response =
        post(
            server,
            suffix.startsWith("/v1") ? suffix : "/v1/models/textrnn" + suffix,
            JSON.writeValueAsString(body),
            "application/json");
    assertEquals(200, response.statusCode(), response.body());
    return JSON.readTree(response.body());
  }

  private static HttpResponse<String> post(String path, String body, String contentType)
      throws IOException, InterruptedException {
    return post(server, path, body, contentType);
  }

  private static HttpResponse<String> post(
      ModelServer server, String path, String body, String contentType)
      throws IOException, InterruptedException {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
            .POST(HttpRequest.BodyPublishers.ofString(body));
    if (contentType != null) {
      request.header("Content-Type", contentType);
    }
    return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  private static HttpResponse<String> postBytes(String path, byte[] body)
      throws IOException, InterruptedException {
    return HTTP.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofByteArray(body))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private static HttpResponse<String> get(ModelServer server, String path)
      throws IOException, InterruptedException {
    return HTTP.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private static float[] floats(JsonNode array) {
    float[] values = new float[array.size()];
    for (int i = 0; i < values.length; i++) {
      values[i] = (float) array.get(i).asDouble();
    }
    return values;
  }

  private static List<String> iterate(java.util.Iterator<String> names) {
    List<String> list = new ArrayList<>();
    names.forEachRemaining(list::add);
    return list;
  }
}
