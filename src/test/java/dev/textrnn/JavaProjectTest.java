package dev.textrnn;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A new Maven project that depends on textrnn as the README's "Using it from Java" says, built
 * ({@code mvn} on the PATH) against the artifact as {@code mvn install} writes it: this build's
 * classes as a jar, and pom.xml. Each Java snippet of that section becomes the main method of a
 * class of the project, run from this folder (where the shipped {@code savedmodel/} is) with {@code
 * TF_CPP_MIN_LOG_LEVEL=2}: it must print the ```text block that follows it, if one does, and on
 * stderr nothing but the lines that the README says TensorFlow still writes.
 *
 * <p>The artifact goes into a temporary local repository that links to every other folder of this
 * build's local repository, so that nothing is installed there and everything else is found there
 * (on a new machine Maven downloads the plugins that this build does not use itself, such as the
 * dependency plugin).
 */
class JavaProjectTest {
  private static final String SECTION = "## Using it from Java";
  private static final Pattern FENCED = Pattern.compile("(?ms)^```(\\w+)\\n(.*?)^```$");
  private static final Pattern COORDINATE =
      Pattern.compile(
          "(?s)<modelVersion>.*?<groupId>(.*?)</groupId>\\s*<artifactId>(.*?)</artifactId>"
              + "\\s*<version>(.*?)</version>");

  /** What the README says TensorFlow still writes with TF_CPP_MIN_LOG_LEVEL=2. */
  private static final List<Pattern> REMAINING_LOG_LINES =
      List.of(
          Pattern.compile(
              "WARNING: All log messages before absl::InitializeLog\\(\\) is called are written to"
                  + " STDERR"),
          Pattern.compile(
              ".* mlir_graph_optimization_pass\\.cc:\\d+\\] MLIR V1 optimization pass is not enabled"),
          Pattern.compile(
              ".* E tensorflow/core/util/util\\.cc:\\d+\\] oneDNN supports DT_INT64 only on"
                  + " platforms with AVX-512\\..*"));

  private static final long MAVEN_SECONDS = 180;
  private static final long SNIPPET_SECONDS = 60;

  @TempDir Path dir;

  @Test
  void aProjectThatDependsOnTextrnnRunsTheReadmesSnippets() throws Exception {
    String section = readmeSection();
    List<Snippet> snippets = snippets(section);
    assertTrue(!snippets.isEmpty(), "no ```java snippet in the README's " + SECTION);
    Path repository = dir.resolve("repository");
    try {
      install(repository);
      buildAndRun(repository, section, snippets);
    } finally {
      unlink(repository);
    }
  }

  private void buildAndRun(Path repository, String section, List<Snippet> snippets)
      throws Exception {
    Path project = dir.resolve("project");
    writeProject(project, dependency(section), snippets);
    Path classPath = project.resolve("classpath.txt");
    run(
        List.of(
            "mvn",
            "-B",
            "-q",
            "-Dmaven.repo.local=" + repository,
            "-f",
            project.resolve("pom.xml").toString(),
            "compile",
            "dependency:build-classpath",
            "-Dmdep.includeScope=runtime",
            "-Dmdep.outputFile=" + classPath),
        Map.of(),
        MAVEN_SECONDS,
        "the project's build");
    String runtime = project.resolve("target/classes") + ":" + Files.readString(classPath).strip();
    for (int i = 0; i < snippets.size(); i++) {
      Snippet snippet = snippets.get(i);
      Outcome outcome =
          run(
              List.of(
                  Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                  "-cp",
                  runtime,
                  className(i)),
              Map.of("TF_CPP_MIN_LOG_LEVEL", "2"),
              SNIPPET_SECONDS,
              "snippet " + (i + 1));
      if (snippet.output() != null) {
        assertEquals(
            snippet.output(), outcome.out(), "snippet " + (i + 1) + ":\n" + snippet.code());
      }
      List<String> unexpected =
          outcome
              .err()
              .lines()
              .filter(
                  line -> REMAINING_LOG_LINES.stream().noneMatch(p -> p.matcher(line).matches()))
              .toList();
      assertEquals(List.of(), unexpected, "snippet " + (i + 1) + "'s stderr");
    }
  }

  /** Deletes the links into this build's local repository, before JUnit deletes the rest. */
  private static void unlink(Path repository) throws IOException {
    if (Files.isDirectory(repository)) {
      try (Stream<Path> paths = Files.walk(repository)) {
        for (Path link : paths.filter(Files::isSymbolicLink).toList()) {
          Files.delete(link);
        }
      }
    }
  }

  /** A ```java block of the section, and the ```text block after it (before the next snippet). */
  private record Snippet(String code, String output) {}

  private record Outcome(String out, String err) {}

  private static String readmeSection() throws IOException {
    String readme = Files.readString(Path.of("README.md"));
    int start = readme.indexOf("\n" + SECTION + "\n");
    assertTrue(start >= 0, "README.md has no section " + SECTION);
    int end = readme.indexOf("\n## ", start + 1);
    return readme.substring(start, end < 0 ? readme.length() : end);
  }

  private static List<Snippet> snippets(String section) {
    List<Snippet> snippets = new ArrayList<>();
    Matcher block = FENCED.matcher(section);
    String code = null;
    while (block.find()) {
      String language = block.group(1);
      if (language.equals("java")) {
        if (code != null) {
          snippets.add(new Snippet(code, null));
        }
        code = block.group(2);
      } else if (language.equals("text") && code != null) {
        snippets.add(new Snippet(code, block.group(2)));
        code = null;
      }
    }
    if (code != null) {
      snippets.add(new Snippet(code, null));
    }
    return snippets;
  }

  /** The section's ```xml block: the dependency a project adds. */
  private static String dependency(String section) {
    Matcher block = FENCED.matcher(section);
    while (block.find()) {
      if (block.group(1).equals("xml")) {
        return block.group(2);
      }
    }
    throw new AssertionError("no ```xml dependency in the README's " + SECTION);
  }

  /**
   * What {@code mvn install} writes into a local repository: the jar of the compiled classes and
   * pom.xml, under the coordinates pom.xml gives; every other folder of this build's local
   * repository is linked in.
   */
  private static void install(Path repository) throws IOException {
    String pom = Files.readString(Path.of("pom.xml"));
    Matcher coordinate = COORDINATE.matcher(pom);
    assertTrue(coordinate.find(), "pom.xml has no coordinates");
    String groupId = coordinate.group(1);
    String artifactId = coordinate.group(2);
    String version = coordinate.group(3);
    List<String> folders = new ArrayList<>(List.of(groupId.split("\\.")));
    folders.add(artifactId);
    Path real =
        Path.of(
            System.getProperty(
                "maven.repo.local",
                Path.of(System.getProperty("user.home"), ".m2", "repository").toString()));
    Path artifact = linkAllBut(real, repository, folders).resolve(version);
    Files.createDirectories(artifact);
    Files.copy(Path.of("pom.xml"), artifact.resolve(artifactId + "-" + version + ".pom"));
    jar(Path.of("target", "classes"), artifact.resolve(artifactId + "-" + version + ".jar"));
  }

  /**
   * Makes {@code copy} a folder that links to each entry of {@code real} but the first of {@code
   * path}, a new folder made the same way one level down; returns the last, empty one.
   */
  private static Path linkAllBut(Path real, Path copy, List<String> path) throws IOException {
    Files.createDirectories(copy);
    if (path.isEmpty()) {
      return copy;
    }
    if (Files.isDirectory(real)) {
      try (Stream<Path> entries = Files.list(real)) {
        for (Path entry : entries.toList()) {
          if (!entry.getFileName().toString().equals(path.get(0))) {
            Files.createSymbolicLink(copy.resolve(entry.getFileName().toString()), entry);
          }
        }
      }
    }
    return linkAllBut(
        real.resolve(path.get(0)), copy.resolve(path.get(0)), path.subList(1, path.size()));
  }

  private static void jar(Path classes, Path jar) throws IOException {
    try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar));
        Stream<Path> files = Files.walk(classes)) {
      for (Path file : files.filter(Files::isRegularFile).sorted().toList()) {
        out.putNextEntry(new JarEntry(classes.relativize(file).toString().replace('\\', '/')));
        Files.copy(file, (OutputStream) out);
        out.closeEntry();
      }
    }
  }

  /** A pom.xml with the README's dependency, and each snippet as the main method of a class. */
  private static void writeProject(Path project, String dependency, List<Snippet> snippets)
      throws IOException {
    Path sources = project.resolve("src/main/java");
    Files.createDirectories(sources);
    Files.writeString(
        project.resolve("pom.xml"),
        """
        <?xml version="1.0" encoding="UTF-8"?>
        <project xmlns="http://maven.apache.org/POM/4.0.0">
          <modelVersion>4.0.0</modelVersion>
          <groupId>example</groupId>
          <artifactId>uses-textrnn</artifactId>
          <version>1</version>
          <properties>
            <maven.compiler.release>17</maven.compiler.release>
            <project.build.sourceEncoding>UTF-8</project.build.sourceEncoding>
          </properties>
          <dependencies>
        %s  </dependencies>
          <build>
            <!-- versions that this build's local repository holds: this build's compiler, and the
                 dependency plugin that Maven 3.8 runs for dependency:go-offline -->
            <plugins>
              <plugin>
                <groupId>org.apache.maven.plugins</groupId>
                <artifactId>maven-compiler-plugin</artifactId>
                <version>3.14.0</version>
              </plugin>
              <plugin>
                <groupId>org.apache.maven.plugins</groupId>
                <artifactId>maven-dependency-plugin</artifactId>
                <version>2.8</version>
              </plugin>
            </plugins>
          </build>
        </project>
        """
            .formatted(dependency.indent(4)),
        UTF_8);
    for (int i = 0; i < snippets.size(); i++) {
      List<String> imports = new ArrayList<>();
      List<String> body = new ArrayList<>();
      for (String line : snippets.get(i).code().lines().toList()) {
        (line.startsWith("import ") ? imports : body).add(line);
      }
      Files.writeString(
          sources.resolve(className(i) + ".java"),
          String.join("\n", imports)
              + "\n\npublic class "
              + className(i)
              + " {\n  public static void main(String[] args) throws Exception {\n"
              + String.join("\n", body).indent(4)
              + "  }\n}\n",
          UTF_8);
    }
  }

  private static String className(int snippet) {
    return "ReadmeSnippet" + (snippet + 1);
  }

  /**
   * Runs a command in this project's folder with the extra environment, at most {@code seconds}
   * long, and requires exit code 0.
   */
  private Outcome run(
      List<String> command, Map<String, String> environment, long seconds, String what)
      throws IOException, InterruptedException {
    ProcessBuilder builder = new ProcessBuilder(command);
    builder.environment().remove("TF_CPP_MIN_LOG_LEVEL");
    builder.environment().putAll(environment);
    Path out = Files.createTempFile(dir, "run-", ".out");
    Path err = Files.createTempFile(dir, "run-", ".err");
    Process process = builder.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
    if (!process.waitFor(seconds, TimeUnit.SECONDS)) {
      process.destroyForcibly().waitFor();
      throw new AssertionError(what + " took more than " + seconds + " s: " + command);
    }
    Outcome outcome = new Outcome(Files.readString(out), Files.readString(err));
    assertEquals(0, process.exitValue(), what + " failed:\n" + outcome.out() + outcome.err());
    return outcome;
  }
}
