package dev.textrnn.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.textrnn.data.TestData;
import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** vocab and encode as a script would call them. */
class VocabularyCommandsTest {
  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  @Test
  void vocabPrintsKerasFirstTokensAsOneJsonLine() {
    assertEquals(
        0, run("vocab", "--data", TestData.archive().toString(), "--top", "20"), err.toString());
    assertEquals(
        "[\"\",\"[UNK]\",\"the\",\"and\",\"a\",\"of\",\"to\",\"is\",\"in\",\"it\",\"i\",\"this\",\"that\","
            + "\"br\",\"was\",\"as\",\"for\",\"with\",\"movie\",\"but\"]\n",
        out.toString());
  }

  @Test
  void encodePrintsIdsOrTheRoundTrip() {
    assertEquals(
        0,
        run("encode", "--data", TestData.archive().toString(), "The movie was GREAT!", "zzzqqq"),
        err.toString());
    assertEquals("[2,18,14,85]\n[1]\n", out.toString());
    out.getBuffer().setLength(0);
    assertEquals(
        0,
        run(
            "encode",
            "--data",
            TestData.archive().toString(),
            "--round-trip",
            "The movie was cool. The animation and the graphics were out of this world."),
        err.toString());
    assertEquals(
        "the movie was cool the animation and the [UNK] were out of this world\n", out.toString());
  }

  @Test
  void aBadValueIsOneLineAndExitCodeTwo() {
    assertEquals(2, run("vocab", "--data", TestData.archive().toString(), "--top", "-1"));
    assertEquals(2, run("encode", "--max-tokens", "many", "text"));
    String[] lines = err.toString().split("\n");
    assertEquals(2, lines.length, err.toString());
    assertEquals("vocab: --top must be at least 0, got -1", lines[0]);
  }

  private int run(String... args) {
    CommandLine cli = TextRnnCli.commandLine();
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));
    return cli.execute(args);
  }
}
