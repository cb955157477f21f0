package dev.textrnn.cli;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.textrnn.serving.TestModels;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code textrnn serve} in a child JVM stopped by SIGTERM while a request is still arriving: the
 * request is answered in full, then the server exits 0, not held up by a client's idle keep-alive
 * connection.
 */
class StoppedServeTest {
  @TempDir Path dir;

  @Test
  void sigtermAnswersTheRequestInFlightThenExitsZero() throws Exception {
    Path stderr = dir.resolve("stderr.txt");
    Process serve =
        TextRnnProcess.command(
                List.of(),
                "serve",
                "--model-dir",
                TestModels.small().dir().toString(),
                "--port",
                "0")
            .redirectError(stderr.toFile())
            .start();
    try {
      int port = TextRnnProcess.awaitServing(serve);
      String body = "{\"instances\": [\"The movie was cool.\", \"A dull, long film.\"]}";
      int half = body.length() / 2;
      try (Socket idle = new Socket("127.0.0.1", port);
          Socket socket = new Socket("127.0.0.1", port)) {
        idle.getOutputStream()
            .write("GET /v1/models/textrnn HTTP/1.1\r\nHost: localhost\r\n\r\n".getBytes(UTF_8));
        assertTrue(
            new String(idle.getInputStream().readNBytes(15), UTF_8).startsWith("HTTP/1.1 200"));
        socket.setSoTimeout(60_000);
        OutputStream out = socket.getOutputStream();
        out.write(
            ("POST /v1/models/textrnn:predict HTTP/1.1\r\nHost: localhost\r\n"
                    + "Content-Type: application/json\r\nConnection: close\r\n"
                    + "Content-Length: "
                    + body.length()
                    + "\r\n\r\n"
                    + body.substring(0, half))
                .getBytes(UTF_8));
        out.flush();
        Thread.sleep(1000); // the server is reading the body
        serve.destroy(); // SIGTERM
        Thread.sleep(1000); // the server is stopping
        assertTrue(serve.isAlive(), "serve exited with a request in flight");
        out.write(body.substring(half).getBytes(UTF_8));
        out.flush();
        String answer = new String(socket.getInputStream().readAllBytes(), UTF_8);
        assertTrue(answer.startsWith("HTTP/1.1 200 "), answer);
        assertTrue(answer.contains("{\"predictions\":[{\"logits\":["), answer);
      }
      // The idle connection's timeout (--rest-api-timeout-in-ms) is 30 s.
      assertTrue(serve.waitFor(20, TimeUnit.SECONDS), "serve still runs after SIGTERM");
      assertEquals(0, serve.exitValue(), Files.readString(stderr));
      assertTrue(
          Files.readString(stderr).contains("serve: stopped; the requests in flight were answered"),
          Files.readString(stderr));
    } finally {
      serve.destroyForcibly();
    }
  }
}
