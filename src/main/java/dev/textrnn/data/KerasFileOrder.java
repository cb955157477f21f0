package dev.textrnn.data;

import dev.textrnn.model.InvalidSettingException;
import java.util.Comparator;

/**
 * The order in which Keras's {@code text_dataset_from_directory} takes files, and the files its
 * {@code validation_split} keeps out (keras/src/utils/dataset_utils.py: {@code index_directory},
 * {@code iter_valid_files}, {@code get_training_or_validation_split}).
 */
final class KerasFileOrder {
  private KerasFileOrder() {}

  /** The largest seed of {@code np.random.RandomState}, which refuses others. */
  static final long MAX_SEED = 0xffff_ffffL;

  /**
   * Python's order of {@code str}: by code point ({@link String#compareTo} compares UTF-16 units,
   * which puts characters beyond U+FFFF before U+E000 to U+FFFF).
   */
  static final Comparator<String> PYTHON_ORDER =
      (a, b) -> {
        int i = 0;
        int j = 0;
        while (i < a.length() && j < b.length()) {
          int ca = a.codePointAt(i);
          int cb = b.codePointAt(j);
          if (ca != cb) {
            return Integer.compare(ca, cb);
          }
          i += Character.charCount(ca);
          j += Character.charCount(cb);
        }
        return Boolean.compare(i < a.length(), j < b.length());
      };

  /**
   * The order of a class folder's files in {@code iter_valid_files}: {@code os.walk}'s folders
   * sorted by path, each one's files sorted by name. Paths are relative to the class folder, with
   * {@code /} between names.
   */
  static final Comparator<String> FILE_ORDER =
      Comparator.comparing(KerasFileOrder::parent, PYTHON_ORDER)
          .thenComparing(KerasFileOrder::fileName, PYTHON_ORDER);

  private static String parent(String path) {
    int slash = path.lastIndexOf('/');
    return slash < 0 ? "" : path.substring(0, slash);
  }

  private static String fileName(String path) {
    return path.substring(path.lastIndexOf('/') + 1);
  }

  /** Keras's text files: names ending in {@code .txt} in any case. */
  static boolean isText(String fileName) {
    return fileName.toLowerCase(java.util.Locale.ROOT).endsWith(".txt");
  }

  /**
   * The permutation of {@code np.random.RandomState(seed).shuffle} on a list of {@code n} items:
   * {@code order[i]} is the index of the item it puts at position {@code i}.
   *
   * @throws InvalidSettingException for a seed that {@code RandomState} refuses
   */
  static int[] shuffled(int n, long seed) {
    requireSeed(seed);
    int[] order = new int[n];
    for (int i = 0; i < n; i++) {
      order[i] = i;
    }
    MersenneTwister random = new MersenneTwister((int) seed);
    for (int i = n - 1; i > 0; i--) {
      int j = random.interval(i);
      int swap = order[i];
      order[i] = order[j];
      order[j] = swap;
    }
    return order;
  }

  static void requireSeed(long seed) {
    if (seed < 0 || seed > MAX_SEED) {
      throw new InvalidSettingException(
          "seed",
          "must be between 0 and "
              + MAX_SEED
              + " to order files as Keras does (np.random.RandomState), got "
              + seed);
    }
  }

  /**
   * How many of {@code n} files {@code validation_split} keeps out: the last {@code
   * int(validation_split * n)} of the shuffled order.
   */
  static int validationCount(int n, double validationSplit) {
    return (int) (validationSplit * n);
  }

  /**
   * numpy's legacy MT19937: {@code mt19937_seed} for an integer seed, {@code next_uint32} and
   * {@code random_interval} (numpy/random/src/mt19937, distributions.c).
   */
  private static final class MersenneTwister {
    private static final int N = 624;
    private static final int M = 397;
    private final int[] state = new int[N];
    private int position;

    MersenneTwister(int seed) {
      state[0] = seed;
      for (int i = 1; i < N; i++) {
        int previous = state[i - 1];
        state[i] = 1812433253 * (previous ^ (previous >>> 30)) + i;
      }
      position = N;
    }

    int nextInt() {
      if (position == N) {
        generate();
      }
      int y = state[position++];
      y ^= y >>> 11;
      y ^= (y << 7) & 0x9d2c5680;
      y ^= (y << 15) & 0xefc60000;
      y ^= y >>> 18;
      return y;
    }

    private void generate() {
      for (int i = 0; i < N; i++) {
        int y = (state[i] & 0x80000000) | (state[(i + 1) % N] & 0x7fffffff);
        int next = state[(i + M) % N] ^ (y >>> 1);
        state[i] = (y & 1) == 0 ? next : next ^ 0x9908b0df;
      }
      position = 0;
    }

    /** A uniform value in [0, max], by rejection of the bits above max's highest. */
    int interval(int max) {
      int mask = max;
      mask |= mask >>> 1;
      mask |= mask >>> 2;
      mask |= mask >>> 4;
      mask |= mask >>> 8;
      mask |= mask >>> 16;
      int value;
      do {
        value = nextInt() & mask;
      } while (value > max);
      return value;
    }
  }
}
