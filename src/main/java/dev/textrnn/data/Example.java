package dev.textrnn.data;

import java.util.Objects;

/**
 * One encoded text: its token ids ({@code [length]}, unpadded) and its label (a class index; for
 * IMDB 1 positive, 0 negative).
 *
 * <p>A run holds every training text this way, and a large corpus holds little else, so ids below
 * 65,536 (every id of a vocabulary of up to 65,536 tokens, the tutorial's 1,000 among them) are
 * kept in two bytes each rather than four.
 */
public final class Example {
  private static final int NARROW_LIMIT = 1 << Character.SIZE;

  /** The ids when all fit in a char, else null. */
  private final char[] narrowIds;

  /** The ids when some do not fit in a char, else null. */
  private final int[] wideIds;

  private final float label;

  /**
   * @param ids the ids, none negative; copied into two bytes each if all fit, else kept (do not
   *     modify)
   */
  public Example(int[] ids, float label) {
    Objects.requireNonNull(ids, "ids");
    this.label = label;
    if (fitNarrow(ids)) {
      narrowIds = new char[ids.length];
      for (int i = 0; i < ids.length; i++) {
        narrowIds[i] = (char) ids[i];
      }
      wideIds = null;
    } else {
      narrowIds = null;
      wideIds = ids;
    }
  }

  private static boolean fitNarrow(int[] ids) {
    for (int id : ids) {
      if (id < 0 || id >= NARROW_LIMIT) {
        return false;
      }
    }
    return true;
  }

  /** The number of ids. */
  public int length() {
    return narrowIds != null ? narrowIds.length : wideIds.length;
  }

  /** The ids, a new array. */
  public int[] ids() {
    int[] ids = new int[length()];
    copyIds(ids, 0);
    return ids;
  }

  /** Writes the ids into {@code target} from {@code offset}. */
  public void copyIds(int[] target, int offset) {
    if (narrowIds == null) {
      System.arraycopy(wideIds, 0, target, offset, wideIds.length);
      return;
    }
    Objects.checkFromIndexSize(offset, narrowIds.length, target.length);
    for (int i = 0; i < narrowIds.length; i++) {
      target[offset + i] = narrowIds[i];
    }
  }

  public float label() {
    return label;
  }

  @Override
  public String toString() {
    return "Example[" + length() + " ids, label=" + label + "]";
  }
}
