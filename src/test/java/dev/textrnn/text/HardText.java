package dev.textrnn.text;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Random texts made of what vectorizers get wrong: non-ASCII capitals, curly quotes, dashes,
 * no-break and other non-ASCII spaces, every ASCII whitespace byte, emoji, combining marks,
 * punctuation, and raw bytes that are not UTF-8, among ordinary words.
 */
public final class HardText {
  /** Grouped by kind; a text draws a kind, then a member. */
  private static final List<String> KINDS =
      List.of(
          "ÄÖÜÉÈÀÇÑØÅÆŒİẞΣΩДЖÁÍÓÚ", // non-ASCII capitals (İ and ẞ change length when lowered)
          "äöüéèàçñøåæœıßσωджáíóú",
          "“”‘’„‚«»‹›\"'`´", // quotes
          "–—―‐‑‒−", // dashes
          "\u00a0\u2007\u202f\u2028\u2029\u3000\u200b\u1680\u0085\ufeff\u001c\u001d\u001e\u001f", // non-ASCII spaces
          " \t\u000b\f\r\n", // ASCII whitespace, the split
          "!#$%&()*+,-./:;<=>?@[\\]^_{|}~", // ASCII punctuation, deleted
          "\u0301\u0308\u0327\u0338\u20dd\u200d\ufe0f", // combining marks, joiner, variation
          // selector
          "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789",
          "\u0000\u0001\u0007\u001b\u007f");

  private static final String[] EMOJI = {
    "😀", "👍🏽", "🎬", "❤️", "👨‍👩‍👧", "🇫🇷", "\ud83d", "\ude00"
  };
  private static final String[] WORDS = {
    "the",
    "movie",
    "was",
    "great",
    "THE",
    "Movie",
    "it's",
    "don't",
    "film",
    "bad",
    "good",
    "br",
    "café",
    "naïve",
    "Über",
    "10/10",
    "well-made",
    "—",
    "a",
    "I"
  };

  private HardText() {}

  /** One of each kind of text that could break a prediction, by name. */
  public static Map<String, String> examples() {
    Map<String, String> examples = new LinkedHashMap<>();
    examples.put("empty", "");
    examples.put("blank", "   ");
    examples.put("ASCII whitespace", " \t\u000b\f\r\n ");
    examples.put("other whitespace", "\u00a0\u2028\u3000\u200b\u0085\u001c");
    examples.put("punctuation only", "!!! ... ?!? \"#$%&'()*+,-./:;<=>@[\\]^_`{|}~");
    examples.put("non-ASCII punctuation", "¡¿ “” ‘’ «» — – …");
    examples.put("emoji only", "😀👍🏽🎬❤️👨‍👩‍👧🇫🇷");
    examples.put("combining marks only", "\u0301\u0308\u0327\u20dd");
    examples.put("lone surrogates", "\ud83d great \ude00 movie \udbff");
    examples.put("control characters", "\u0000\u0001\u0007\u001b[31mred\u007f");
    examples.put("binary junk", new String(randomBytes(4_000, 7), StandardCharsets.ISO_8859_1));
    examples.put("one word of 100,000 letters", "a".repeat(100_000));
    return examples;
  }

  /** {@code count} random bytes drawn from {@code seed}. */
  public static byte[] randomBytes(int count, long seed) {
    byte[] bytes = new byte[count];
    new Random(seed).nextBytes(bytes);
    return bytes;
  }

  /** A string of up to {@code maxPieces} words, hard characters and emoji. */
  public static String string(Random random, int maxPieces) {
    StringBuilder text = new StringBuilder();
    int pieces = random.nextInt(maxPieces + 1);
    for (int i = 0; i < pieces; i++) {
      switch (random.nextInt(4)) {
        case 0 -> text.append(WORDS[random.nextInt(WORDS.length)]);
        case 1 -> text.append(EMOJI[random.nextInt(EMOJI.length)]);
        default -> {
          String kind = KINDS.get(random.nextInt(KINDS.size()));
          text.append(kind.charAt(random.nextInt(kind.length())));
        }
      }
    }
    return text.toString();
  }

  /**
   * Bytes of up to {@code maxPieces} pieces: random bytes (mostly not UTF-8), cut UTF-8 sequences,
   * and the UTF-8 of hard strings.
   */
  public static byte[] bytes(Random random, int maxPieces) {
    ByteArrayOutputStream text = new ByteArrayOutputStream();
    int pieces = random.nextInt(maxPieces + 1);
    for (int i = 0; i < pieces; i++) {
      switch (random.nextInt(3)) {
        case 0 -> text.write(random.nextInt(256));
        case 1 -> {
          byte[] character = string(random, 1).getBytes(UTF_8);
          text.write(character, 0, random.nextInt(character.length + 1));
        }
        default -> text.writeBytes(string(random, 3).getBytes(UTF_8));
      }
    }
    return text.toByteArray();
  }

  /** Mixed: half {@link #string}'s UTF-8, half {@link #bytes}. */
  public static byte[] any(Random random, int maxPieces) {
    return random.nextBoolean()
        ? string(random, maxPieces).getBytes(UTF_8)
        : bytes(random, maxPieces);
  }
}
