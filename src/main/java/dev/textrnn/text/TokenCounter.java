package dev.textrnn.text;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.stream.IntStream;

/**
 * Counts every occurrence of every token, and picks a vocabulary from the counts as Keras's adapt
 * does.
 */
final class TokenCounter {
  private final TokenTable table;

  /** Below this many texts a second thread costs more than it saves. */
  private static final int MIN_TEXTS_PER_PART = 2_000;

  /**
   * The raw text held at once while counting: the IMDB training split (33 MB) is one chunk, and a
   * small heap holds an eighth of itself.
   */
  private static final long CHUNK_BYTES = Math.min(64L << 20, Runtime.getRuntime().maxMemory() / 8);

  private TokenCounter(TokenTable table) {
    this.table = table;
  }

  /**
   * Reads the texts in chunks of about {@link #CHUNK_BYTES} bytes, so that a stream of texts larger
   * than memory can be counted, and counts each chunk in contiguous parts on as many threads as
   * there are cores (the common fork-join pool and the caller), adding every part's counts to the
   * total. The vocabulary depends on the counts alone, so the result is the same however the texts
   * are split.
   */
  static TokenCounter count(Iterable<byte[]> texts, Standardize standardize) {
    return count(texts, standardize, CHUNK_BYTES);
  }

  static TokenCounter count(Iterable<byte[]> texts, Standardize standardize, long chunkLimit) {
    TokenCounter total = null;
    List<byte[]> chunk = new ArrayList<>();
    long chunkBytes = 0;
    for (byte[] text : texts) {
      chunk.add(Objects.requireNonNull(text, "text"));
      chunkBytes += text.length;
      if (chunkBytes >= chunkLimit) {
        total = countChunk(chunk, standardize, total);
        chunk = new ArrayList<>();
        chunkBytes = 0;
      }
    }
    return countChunk(chunk, standardize, total);
  }

  /** The counts of the chunk, added to {@code total} unless it is null. */
  private static TokenCounter countChunk(
      List<byte[]> chunk, Standardize standardize, TokenCounter total) {
    int parts =
        Math.max(
            1,
            Math.min(
                Runtime.getRuntime().availableProcessors(), chunk.size() / MIN_TEXTS_PER_PART));
    List<TokenCounter> counted =
        IntStream.range(0, parts)
            .parallel()
            .mapToObj(
                part ->
                    countPart(
                        chunk.subList(
                            part * chunk.size() / parts, (part + 1) * chunk.size() / parts),
                        standardize))
            .toList();
    TokenCounter sum = total != null ? total : counted.get(0);
    for (TokenCounter part : total != null ? counted : counted.subList(1, parts)) {
      sum.table.addValues(part.table);
    }
    return sum;
  }

  private static TokenCounter countPart(List<byte[]> texts, Standardize standardize) {
    TokenTable table = new TokenTable();
    ShortTokenCounts shortTokens = new ShortTokenCounts();
    Tokenizer.Sink sink =
        (bytes, length, hash) -> {
          if (length <= ShortTokenCounts.MAX_LENGTH) {
            shortTokens.increment(bytes, length, hash);
          } else {
            table.addToValue(table.findOrAdd(bytes, length, hash), 1);
          }
        };
    Tokenizer tokenizer = new Tokenizer(standardize);
    for (byte[] text : texts) {
      tokenizer.tokenize(Objects.requireNonNull(text, "text"), sink);
    }
    shortTokens.forEach(table::addToValue);
    return new TokenCounter(table);
  }

  /**
   * Keras's {@code IndexLookup.finalize_state}: the out-of-vocabulary token is dropped from the
   * counts (the padding token '' can never be a token), the rest is ordered by count descending,
   * ties by the bytes compared unsigned, descending ({@code np.lexsort((tokens, counts))[::-1]}),
   * and the first {@code limit} are kept.
   */
  List<byte[]> mostFrequent(int limit) {
    if (limit == 0) {
      return List.of();
    }
    byte[] oovToken = TextVectorization.OOV_TOKEN;
    int oov = table.find(oovToken, oovToken.length, TokenTable.hash(oovToken));
    int candidates = table.size() - (oov >= 0 ? 1 : 0);
    // Only tokens at least as frequent as the limit-th count can be kept: sorting the counts alone
    // is much cheaper than sorting every token with the byte-comparing order.
    long threshold = 0;
    if (limit < candidates) {
      long[] sorted = new long[candidates];
      int n = 0;
      for (int entry = 0; entry < table.size(); entry++) {
        if (entry != oov) {
          sorted[n++] = table.value(entry);
        }
      }
      Arrays.sort(sorted);
      threshold = sorted[candidates - limit];
    }
    List<Integer> kept = new ArrayList<>();
    for (int entry = 0; entry < table.size(); entry++) {
      if (entry != oov && table.value(entry) >= threshold) {
        kept.add(entry);
      }
    }
    Comparator<Integer> byCount = (a, b) -> Long.compare(table.value(a), table.value(b));
    kept.sort(byCount.thenComparing(table::compare).reversed());
    List<byte[]> tokens = new ArrayList<>(Math.min(limit, kept.size()));
    for (int entry : kept.subList(0, Math.min(limit, kept.size()))) {
      tokens.add(table.token(entry));
    }
    return tokens;
  }
}
