package dev.textrnn.text;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.OptionalInt;

/**
 * Keras {@code TextVectorization} ({@code output_mode="int"}, whitespace split) on UTF-8 bytes,
 * giving the same vocabulary and the same ids as Keras byte for byte.
 *
 * <p>Index 0 is the padding token {@code ""}, index 1 the out-of-vocabulary token {@code "[UNK]"}
 * (the id of every unknown token), then the learned tokens. Tokens are kept as bytes; invalid UTF-8
 * passes through standardization and splitting as it does in TensorFlow. Instances are immutable
 * and thread-safe.
 */
public final class TextVectorization {
  static final byte[] OOV_TOKEN = "[UNK]".getBytes(US_ASCII);
  private static final int PADDING_ID = 0;
  private static final int OOV_ID = 1;
  private static final int SPECIAL_TOKENS = 2;

  private final Standardize standardize;
  private final int outputSequenceLength;

  /** Every vocabulary entry, the table index being the id. */
  private final TokenTable vocabulary;

  private TextVectorization(
      Standardize standardize, int outputSequenceLength, TokenTable vocabulary) {
    this.standardize = standardize;
    this.outputSequenceLength = outputSequenceLength;
    this.vocabulary = vocabulary;
  }

  /**
   * A builder for the optional settings; by default Keras's: standardize lower and strip
   * punctuation, no limits.
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Learns the vocabulary as Keras's {@code adapt}: every occurrence of a token counts; the
   * vocabulary is {@code ""}, {@code "[UNK]"}, then the {@code maxTokens - 2} most frequent tokens,
   * count descending, ties broken by the tokens' bytes compared unsigned, descending. With fewer
   * distinct tokens it is shorter.
   */
  public static TextVectorization adapt(
      Iterable<byte[]> texts, int maxTokens, Standardize standardize) {
    return builder().maxTokens(maxTokens).standardize(standardize).adapt(texts);
  }

  /** Reads a vocabulary written by {@link #saveVocabulary}; see {@link Builder#load}. */
  public static TextVectorization load(Path file, Standardize standardize) throws IOException {
    return builder().standardize(standardize).load(file);
  }

  public Standardize standardize() {
    return standardize;
  }

  /** The fixed length of encoded rows, if set. */
  public OptionalInt outputSequenceLength() {
    return outputSequenceLength > 0 ? OptionalInt.of(outputSequenceLength) : OptionalInt.empty();
  }

  /** The number of ids, including the padding and out-of-vocabulary tokens. */
  public int vocabularySize() {
    return vocabulary.size();
  }

  /**
   * The vocabulary by id as Keras's {@code get_vocabulary()} gives it: each entry decoded as strict
   * UTF-8, then stripped of trailing U+0000 characters (Keras builds a numpy unicode array, which
   * drops them, so tokens {@code "\0"} and {@code "\0\0"} both read {@code ""}). {@link
   * #getVocabularyBytes()} is exact.
   *
   * @throws IllegalStateException if an entry is not valid UTF-8, where Keras raises {@code
   *     UnicodeDecodeError}
   */
  public List<String> getVocabulary() {
    CharsetDecoder decoder = UTF_8.newDecoder();
    List<String> tokens = new ArrayList<>(vocabulary.size());
    for (int id = 0; id < vocabulary.size(); id++) {
      byte[] token = vocabulary.token(id);
      String text;
      try {
        text = decoder.decode(ByteBuffer.wrap(token)).toString();
      } catch (CharacterCodingException e) {
        throw new IllegalStateException(
            "vocabulary entry "
                + id
                + " (bytes "
                + HexFormat.of().formatHex(token)
                + ") is not valid UTF-8, which Keras's get_vocabulary() rejects too; use getVocabularyBytes()",
            e);
      }
      int end = text.length();
      while (end > 0 && text.charAt(end - 1) == '\0') {
        end--;
      }
      tokens.add(text.substring(0, end));
    }
    return Collections.unmodifiableList(tokens);
  }

  /** The vocabulary by id as the tokens' bytes (copies). */
  public List<byte[]> getVocabularyBytes() {
    List<byte[]> tokens = new ArrayList<>(vocabulary.size());
    for (int id = 0; id < vocabulary.size(); id++) {
      tokens.add(vocabulary.token(id));
    }
    return Collections.unmodifiableList(tokens);
  }

  /**
   * The ids of one text, as Keras gives them for a batch of this text alone: its token ids, padded
   * with 0 or truncated at the end to the output sequence length if one is set.
   */
  public int[] encode(byte[] text) {
    return encodeBatch(List.of(text)).row(0);
  }

  /** {@link #encode(byte[])} of the text's UTF-8 bytes. */
  public int[] encode(String text) {
    return encode(text.getBytes(UTF_8));
  }

  /**
   * The ids of a batch of texts: rows right-padded with 0 to the longest one, or to the output
   * sequence length if one is set, longer rows then losing their last tokens (Keras keeps the first
   * ones).
   */
  public EncodedBatch encodeBatch(List<byte[]> texts) {
    Tokenizer tokenizer = new Tokenizer(standardize);
    int[][] rows = new int[texts.size()][];
    int longest = 0;
    for (int row = 0; row < rows.length; row++) {
      IdCollector ids = new IdCollector(vocabulary);
      tokenizer.tokenize(Objects.requireNonNull(texts.get(row), "text"), ids);
      rows[row] = ids.ids();
      longest = Math.max(longest, rows[row].length);
    }
    int columns = outputSequenceLength > 0 ? outputSequenceLength : longest;
    int[] ids = new int[rows.length * columns];
    int[] lengths = new int[rows.length];
    for (int row = 0; row < rows.length; row++) {
      lengths[row] = Math.min(rows[row].length, columns);
      System.arraycopy(rows[row], 0, ids, row * columns, lengths[row]);
    }
    return new EncodedBatch(rows.length, columns, ids, lengths);
  }

  /** {@link #encodeBatch} of the texts' UTF-8 bytes. */
  public EncodedBatch encodeStringBatch(List<String> texts) {
    List<byte[]> bytes = new ArrayList<>(texts.size());
    for (String text : texts) {
      bytes.add(text.getBytes(UTF_8));
    }
    return encodeBatch(bytes);
  }

  /**
   * The tokens of the ids joined by single spaces, padding (id 0) left out. Bytes that are not
   * valid UTF-8 become U+FFFD; the result is for reading, not for re-encoding.
   *
   * @throws IllegalArgumentException for an id outside the vocabulary
   */
  public String decode(int[] ids) {
    ByteArrayOutputStream text = new ByteArrayOutputStream();
    for (int id : ids) {
      if (id < 0 || id >= vocabulary.size()) {
        throw new IllegalArgumentException(
            "id " + id + " is outside the vocabulary of " + vocabulary.size());
      }
      if (id != PADDING_ID) {
        if (text.size() > 0) {
          text.write(' ');
        }
        text.writeBytes(vocabulary.token(id));
      }
    }
    return text.toString(UTF_8);
  }

  /**
   * Writes the vocabulary in the format of Keras's {@code vocabulary.txt} asset: every entry,
   * {@code ""} and {@code "[UNK]"} first, joined by {@code '\n'}, no final newline. A token that is
   * not valid UTF-8 is written as its bytes, so such a file round-trips exactly but is not UTF-8
   * text. The file is replaced atomically.
   */
  public void saveVocabulary(Path file) throws IOException {
    VocabularyFile.write(file, getVocabularyBytes());
  }

  /** The size of the file that {@link #saveVocabulary} writes, in bytes. */
  public long vocabularyFileBytes() {
    return VocabularyFile.content(getVocabularyBytes()).length;
  }

  @Override
  public String toString() {
    return "TextVectorization[standardize="
        + standardize
        + ", vocabularySize="
        + vocabulary.size()
        + (outputSequenceLength > 0 ? ", outputSequenceLength=" + outputSequenceLength : "")
        + "]";
  }

  /**
   * Optional settings of a {@link TextVectorization}, then {@link #adapt} or {@link #load} to make
   * one.
   */
  public static final class Builder {
    private int maxTokens = Integer.MAX_VALUE;
    private Standardize standardize = Standardize.LOWER_AND_STRIP_PUNCTUATION;
    private int outputSequenceLength;

    private Builder() {}

    /**
     * The largest vocabulary, special tokens included; Keras's {@code max_tokens}, more than 1.
     * Default: no limit.
     */
    public Builder maxTokens(int maxTokens) {
      if (maxTokens < SPECIAL_TOKENS) {
        throw new IllegalArgumentException("maxTokens must be greater than 1, got " + maxTokens);
      }
      this.maxTokens = maxTokens;
      return this;
    }

    public Builder standardize(Standardize standardize) {
      this.standardize = Objects.requireNonNull(standardize, "standardize");
      return this;
    }

    /** Pad or truncate every encoded row to this length; Keras's {@code output_sequence_length}. */
    public Builder outputSequenceLength(int outputSequenceLength) {
      if (outputSequenceLength < 1) {
        throw new IllegalArgumentException(
            "outputSequenceLength must be positive, got " + outputSequenceLength);
      }
      this.outputSequenceLength = outputSequenceLength;
      return this;
    }

    /**
     * Learns the vocabulary from the texts; see {@link TextVectorization#adapt(Iterable, int,
     * Standardize)}. Large inputs are counted in parts on the common fork-join pool; the result
     * never depends on it.
     */
    public TextVectorization adapt(Iterable<byte[]> texts) {
      TokenCounter counter = TokenCounter.count(texts, standardize);
      List<byte[]> tokens = new ArrayList<>();
      tokens.add(new byte[0]);
      tokens.add(OOV_TOKEN);
      tokens.addAll(counter.mostFrequent(maxTokens - SPECIAL_TOKENS));
      TokenTable table = new TokenTable();
      for (byte[] token : tokens) {
        table.findOrAdd(token, token.length, TokenTable.hash(token));
      }
      return new TextVectorization(standardize, outputSequenceLength, table);
    }

    /** {@link #adapt} on the texts' UTF-8 bytes. */
    public TextVectorization adaptStrings(Iterable<String> texts) {
      List<byte[]> bytes = new ArrayList<>();
      for (String text : texts) {
        bytes.add(text.getBytes(UTF_8));
      }
      return adapt(bytes);
    }

    /**
     * Reads a vocabulary file in the format of {@link TextVectorization#saveVocabulary}: line 1
     * empty, line 2 {@code [UNK]}, then one token per line; a final newline is allowed.
     *
     * @throws VocabularyFileException if the special tokens are not on lines 1 and 2, a token is
     *     empty, repeated or holds whitespace, or there are more than {@code maxTokens} entries
     */
    public TextVectorization load(Path file) throws IOException {
      return new TextVectorization(
          standardize, outputSequenceLength, VocabularyFile.read(file, maxTokens));
    }
  }

  /** Appends the id of each token, 1 for a token outside the vocabulary. */
  private static final class IdCollector implements Tokenizer.Sink {
    private final TokenTable vocabulary;
    private int[] ids = new int[256];
    private int size;

    IdCollector(TokenTable vocabulary) {
      this.vocabulary = vocabulary;
    }

    @Override
    public void token(byte[] bytes, int length, int hash) {
      if (size == ids.length) {
        ids = Arrays.copyOf(ids, size * 2);
      }
      int id = vocabulary.find(bytes, length, hash);
      ids[size++] = id < 0 ? OOV_ID : id;
    }

    int[] ids() {
      return Arrays.copyOf(ids, size);
    }
  }
}
