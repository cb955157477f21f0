package dev.textrnn.text;

import dev.textrnn.data.ImdbDataset;
import dev.textrnn.data.Review;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * Times {@link TextVectorization#adapt} (max_tokens 1000, the defaults) on the 25,000 IMDB training reviews,
 * for tools/bench-adapt. Usage: {@code AdaptBenchmark ARCHIVE [RUNS]}; two warm-up runs come first, and the
 * last line is {@code java_adapt_median_seconds S}.
 */
public final class AdaptBenchmark {
    private static final int WARM_UP_RUNS = 2;

    private AdaptBenchmark() {
    }

    public static void main(String[] args) {
        if (args.length < 1 || args.length > 2) {
            System.err.println("usage: AdaptBenchmark ARCHIVE [RUNS]");
            System.exit(2);
        }
        int runs = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        List<byte[]> texts = ImdbDataset.read(Path.of(args[0]), false).train().stream().map(Review::text).toList();
        double[] seconds = new double[runs];
        for (int run = -WARM_UP_RUNS; run < runs; run++) {
            long start = System.nanoTime();
            TextVectorization vectorizer = TextVectorization.adapt(texts, 1000, Standardize.LOWER_AND_STRIP_PUNCTUATION);
            double elapsed = (System.nanoTime() - start) / 1e9;
            System.out.printf("java adapt %s: %.3f s (%d entries)%n", run < 0 ? "warm-up" : "run " + (run + 1),
                    elapsed, vectorizer.vocabularySize());
            if (run >= 0) {
                seconds[run] = elapsed;
            }
        }
        Arrays.sort(seconds);
        System.out.printf("java_adapt_median_seconds %.4f%n", seconds[runs / 2]);
    }
}
