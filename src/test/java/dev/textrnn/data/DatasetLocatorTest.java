package dev.textrnn.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DatasetLocatorTest {

  private static final byte[] PAYLOAD = payload();

  @TempDir Path dir;

  /** One server for the class: stopping one takes about a second. */
  private static HttpServer server;

  private final List<String> log = new ArrayList<>();

  @BeforeAll
  static void startServer() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    serve("/aclImdb_v1.tar.gz", 200, PAYLOAD, PAYLOAD.length);
    serve("/missing/aclImdb_v1.tar.gz", 404, new byte[] {'n', 'o'}, 2);
    serve("/cut/aclImdb_v1.tar.gz", 200, Arrays.copyOf(PAYLOAD, 1000), PAYLOAD.length);
    server.start();
  }

  @AfterAll
  static void stopServer() {
    server.stop(0);
  }

  private static byte[] payload() {
    byte[] bytes = new byte[300_000];
    new SplittableRandom(3).nextBytes(bytes);
    return bytes;
  }

  private Path cache() {
    return dir.resolve("cache").resolve("textrnn");
  }

  /** A locator whose environment is {@code env} plus XDG_CACHE_HOME under the temp dir. */
  private DatasetLocator locator(Map<String, String> env, URI url, Set<String> sha256) {
    return locator(env, url, sha256, Duration.ofSeconds(20));
  }

  private DatasetLocator locator(
      Map<String, String> env, URI url, Set<String> sha256, Duration stallTimeout) {
    Map<String, String> withCache = new HashMap<>(env);
    withCache.put("XDG_CACHE_HOME", dir.resolve("cache").toString());
    return new DatasetLocator(
        withCache::get, dir.resolve("home").toString(), url, sha256, stallTimeout);
  }

  private DatasetLocator offline(Map<String, String> env) {
    return locator(
        env, URI.create("http://127.0.0.1:" + closedPort() + "/aclImdb_v1.tar.gz"), Set.of());
  }

  private Path file(String name) throws IOException {
    return Files.write(dir.resolve(name), new byte[] {1});
  }

  @Test
  void flagComesFirst() throws IOException {
    Path flag = file("flag.tar.gz");
    Path env = file("env.tar.gz");
    Files.createDirectories(cache());
    Files.write(cache().resolve("aclImdb_v1.tar.gz"), new byte[] {1});
    assertEquals(flag, offline(Map.of("TEXTRNN_DATA", env.toString())).locate(flag, log::add));
    assertEquals(List.of("dataset: " + flag + " (--data)"), log);
  }

  @Test
  void thenTheEnvironmentVariable() throws IOException {
    Path env = file("env.tar.gz");
    Files.createDirectories(cache());
    Files.write(cache().resolve("aclImdb_v1.tar.gz"), new byte[] {1});
    assertEquals(env, offline(Map.of("TEXTRNN_DATA", env.toString())).locate(null, log::add));
    assertEquals(List.of("dataset: " + env + " (environment variable TEXTRNN_DATA)"), log);
  }

  @Test
  void thenTheCache() throws IOException {
    Files.createDirectories(cache());
    Path cached = Files.write(cache().resolve("aclImdb_v1.tar.gz"), new byte[] {1});
    assertEquals(cached, offline(Map.of("TEXTRNN_DATA", " ")).locate(null, log::add));
    assertEquals(List.of("dataset: " + cached + " (cache)"), log);
  }

  @Test
  void cacheFolderFollowsXdg() {
    Path home = dir.resolve("home");
    assertEquals(
        dir.resolve("x").resolve("textrnn"),
        DatasetLocator.cacheDir(
            Map.of("XDG_CACHE_HOME", dir.resolve("x").toString())::get, home.toString()));
    assertEquals(
        home.resolve(".cache").resolve("textrnn"),
        DatasetLocator.cacheDir(Map.<String, String>of()::get, home.toString()));
    assertEquals(
        home.resolve(".cache").resolve("textrnn"),
        DatasetLocator.cacheDir(Map.of("XDG_CACHE_HOME", "")::get, home.toString()));
    assertEquals(
        home.resolve(".cache").resolve("textrnn"),
        DatasetLocator.cacheDir(Map.of("XDG_CACHE_HOME", "relative/dir")::get, home.toString()));
  }

  @Test
  void missingFlagPathIsNamed() {
    Path missing = dir.resolve("missing.tar.gz");
    DatasetException e =
        assertThrows(DatasetException.class, () -> offline(Map.of()).locate(missing, log::add));
    assertEquals(
        missing + ": no such file (from --data); pass an existing aclImdb_v1.tar.gz with --data",
        e.getMessage());
  }

  @Test
  void missingEnvironmentPathIsNamed() {
    Path missing = dir.resolve("missing.tar.gz");
    DatasetException e =
        assertThrows(
            DatasetException.class,
            () -> offline(Map.of("TEXTRNN_DATA", missing.toString())).locate(null, log::add));
    assertEquals(
        missing
            + ": no such file (from environment variable TEXTRNN_DATA); "
            + "set TEXTRNN_DATA to an existing aclImdb_v1.tar.gz or unset it",
        e.getMessage());
  }

  @Test
  void directoryIsNotTheArchive() {
    DatasetException e =
        assertThrows(DatasetException.class, () -> offline(Map.of()).locate(dir, log::add));
    assertEquals(
        dir
            + ": is a directory (from --data), expected the file aclImdb_v1.tar.gz; "
            + "pass an existing aclImdb_v1.tar.gz with --data",
        e.getMessage());
  }

  @Test
  void aNamedPipeIsNotTheArchive() throws Exception {
    Path fifo = dir.resolve("archive.fifo");
    assertEquals(0, new ProcessBuilder("mkfifo", fifo.toString()).inheritIO().start().waitFor());
    DatasetException e =
        assertThrows(
            DatasetException.class,
            () -> offline(Map.of("TEXTRNN_DATA", fifo.toString())).locate(null, log::add));
    assertEquals(
        fifo
            + ": is a named pipe, not a regular file (from environment variable TEXTRNN_DATA),"
            + " expected the file aclImdb_v1.tar.gz; set TEXTRNN_DATA to an existing"
            + " aclImdb_v1.tar.gz or unset it",
        e.getMessage());
  }

  @Test
  void noNetworkSaysToPassData() {
    URI url = URI.create("http://127.0.0.1:" + closedPort() + "/aclImdb_v1.tar.gz");
    DatasetException e =
        assertThrows(
            DatasetException.class,
            () -> locator(Map.of(), url, Set.of(sha256(PAYLOAD))).locate(null, log::add));
    assertTrue(
        e.getMessage().startsWith(url + ": download failed (ConnectException: "), e.getMessage());
    assertTrue(
        e.getMessage()
            .endsWith(
                "; check the network, or download aclImdb_v1.tar.gz yourself and pass --data FILE"),
        e.getMessage());
    assertOneLine(e);
    assertCacheHolds();
  }

  @Test
  void downloadsVerifiesAndMovesIntoTheCache() throws IOException {
    URI url = url("/aclImdb_v1.tar.gz");
    Path target = cache().resolve("aclImdb_v1.tar.gz");
    assertEquals(
        target,
        locator(Map.of(), url, Set.of("0".repeat(64), sha256(PAYLOAD))).locate(null, log::add));
    assertArrayEquals(PAYLOAD, Files.readAllBytes(target));
    assertCacheHolds("aclImdb_v1.tar.gz");
    assertEquals(
        List.of(
            "dataset: downloading " + url + " to " + target,
            "dataset: " + target + " (downloaded, sha256 " + sha256(PAYLOAD) + ")"),
        log);

    URI nowhere = URI.create("http://127.0.0.1:" + closedPort() + "/aclImdb_v1.tar.gz");
    assertEquals(
        target,
        locator(Map.of(), nowhere, Set.of()).locate(null, log::add),
        "second run uses the cache");
  }

  @Test
  void wrongChecksumIsRejectedAndTheTempFileRemoved() {
    URI url = url("/aclImdb_v1.tar.gz");
    String expected = "ab".repeat(32);
    DatasetException e =
        assertThrows(
            DatasetException.class,
            () -> locator(Map.of(), url, Set.of(expected)).locate(null, log::add));
    assertEquals(
        url
            + ": downloaded file has sha256 "
            + sha256(PAYLOAD)
            + ", expected "
            + expected
            + "; download aclImdb_v1.tar.gz yourself and pass --data FILE",
        e.getMessage());
    assertCacheHolds();
  }

  @Test
  void httpErrorIsReported() {
    URI url = url("/missing/aclImdb_v1.tar.gz");
    DatasetException e =
        assertThrows(
            DatasetException.class,
            () -> locator(Map.of(), url, Set.of(sha256(PAYLOAD))).locate(null, log::add));
    assertTrue(
        e.getMessage().startsWith(url + ": download failed (IOException: HTTP status 404); "),
        e.getMessage());
    assertCacheHolds();
  }

  @Test
  void connectionLostMidwayRemovesTheTempFile() {
    URI url = url("/cut/aclImdb_v1.tar.gz");
    DatasetException e =
        assertThrows(
            DatasetException.class,
            () ->
                locator(Map.of(), url, Set.of(sha256(PAYLOAD)), Duration.ofSeconds(1))
                    .locate(null, log::add));
    assertTrue(e.getMessage().startsWith(url + ": download failed ("), e.getMessage());
    assertOneLine(e);
    assertCacheHolds();
  }

  /**
   * Serves {@code body} at {@code path}, announcing {@code length} bytes; keeps the connection
   * after {@code body}.
   */
  private static void serve(String path, int status, byte[] body, long length) {
    server.createContext(
        path,
        exchange -> {
          exchange.sendResponseHeaders(status, length);
          try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
          } catch (IOException e) {
            // the client may hang up first
          }
          exchange.close();
        });
  }

  private static URI url(String path) {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + path);
  }

  /** A port on 127.0.0.1 that nothing listens on. */
  private static int closedPort() {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  private void assertCacheHolds(String... names) {
    try (Stream<Path> files = Files.list(cache())) {
      assertEquals(Set.of(names), Set.copyOf(files.map(p -> p.getFileName().toString()).toList()));
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  private static void assertOneLine(DatasetException e) {
    assertFalse(e.getMessage().contains("\n") || e.getMessage().contains("\r"), e.getMessage());
  }

  private static String sha256(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new AssertionError(e);
    }
  }
}
