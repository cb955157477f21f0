package dev.textrnn.text;

import java.util.Arrays;

/**
 * An open-addressing hash table from byte strings to a {@code long} (a count, say), numbering the
 * strings 0, 1, 2, ... in insertion order. The bytes live back to back in one arena, so counting
 * millions of tokens allocates nothing per token. Lookups of rare tokens are cache misses, so the
 * layout keeps them few: the slot holds the hash, and an entry's bounds and value share one array.
 */
final class TokenTable {
  static final int SEED = 0x811C9DC5;

  private byte[] arena = new byte[1 << 16];
  private int arenaSize;

  /**
   * Entry i: {@code entries[2i]} = start in the arena << 32 | length, {@code entries[2i + 1]} =
   * value.
   */
  private long[] entries = new long[2048];

  private int size;

  /** Per slot: the entry's hash in the high half, entry index + 1 in the low half; 0 when empty. */
  private long[] slots = new long[2048];

  /** FNV-1a step: the hash is built byte by byte while the tokenizer copies the token. */
  static int mix(int hash, int unsignedByte) {
    return (hash ^ unsignedByte) * 0x01000193;
  }

  /** Murmur3's finalizer, so that the low bits used for the slot depend on every byte. */
  static int finish(int hash, int length) {
    int h = hash ^ length;
    h ^= h >>> 16;
    h *= 0x85EBCA6B;
    h ^= h >>> 13;
    h *= 0xC2B2AE35;
    return h ^ (h >>> 16);
  }

  static int hash(byte[] token) {
    int hash = SEED;
    for (byte b : token) {
      hash = mix(hash, b & 0xFF);
    }
    return finish(hash, token.length);
  }

  int size() {
    return size;
  }

  /** The index of {@code token[0, length)}, or -1. */
  int find(byte[] token, int length, int hash) {
    int mask = slots.length - 1;
    for (int slot = hash & mask; ; slot = (slot + 1) & mask) {
      long entry = slots[slot];
      if (entry == 0) {
        return -1;
      }
      if (matches(entry, token, length, hash)) {
        return (int) entry - 1;
      }
    }
  }

  /** The index of {@code token[0, length)}, added with value 0 as the next index if absent. */
  int findOrAdd(byte[] token, int length, int hash) {
    int mask = slots.length - 1;
    for (int slot = hash & mask; ; slot = (slot + 1) & mask) {
      long entry = slots[slot];
      if (entry == 0) {
        slots[slot] = (long) hash << 32 | (add(token, length) + 1);
        if (2 * size > slots.length) {
          rehash();
        }
        return size - 1;
      }
      if (matches(entry, token, length, hash)) {
        return (int) entry - 1;
      }
    }
  }

  long value(int index) {
    return entries[2 * index + 1];
  }

  void addToValue(int index, long delta) {
    entries[2 * index + 1] += delta;
  }

  /** Adds {@code delta} to the value of {@code token}, adding the token if absent. */
  void addToValue(byte[] token, long delta) {
    addToValue(findOrAdd(token, token.length, hash(token)), delta);
  }

  /**
   * Adds each of {@code other}'s values to this table's value of the same bytes, adding absent
   * ones.
   */
  void addValues(TokenTable other) {
    for (int index = 0; index < other.size; index++) {
      addToValue(other.token(index), other.value(index));
    }
  }

  byte[] token(int index) {
    long bounds = entries[2 * index];
    int start = (int) (bounds >>> 32);
    return Arrays.copyOfRange(arena, start, start + (int) bounds);
  }

  /** Compares two entries' bytes as unsigned values, lexicographically. */
  int compare(int a, int b) {
    long boundsA = entries[2 * a];
    long boundsB = entries[2 * b];
    int startA = (int) (boundsA >>> 32);
    int startB = (int) (boundsB >>> 32);
    return Arrays.compareUnsigned(
        arena, startA, startA + (int) boundsA, arena, startB, startB + (int) boundsB);
  }

  private boolean matches(long entry, byte[] token, int length, int hash) {
    if ((int) (entry >>> 32) != hash) {
      return false;
    }
    long bounds = entries[2 * ((int) entry - 1)];
    if ((int) bounds != length) {
      return false;
    }
    int start = (int) (bounds >>> 32);
    return Arrays.equals(arena, start, start + length, token, 0, length);
  }

  private int add(byte[] token, int length) {
    if (2 * size == entries.length) {
      entries = Arrays.copyOf(entries, entries.length * 2);
    }
    if (arena.length - arenaSize < length) {
      arena = Arrays.copyOf(arena, Math.max(arena.length * 2, arenaSize + length));
    }
    System.arraycopy(token, 0, arena, arenaSize, length);
    entries[2 * size] = (long) arenaSize << 32 | length;
    arenaSize += length;
    return size++;
  }

  private void rehash() {
    long[] old = slots;
    slots = new long[old.length * 2];
    int mask = slots.length - 1;
    for (long entry : old) {
      if (entry != 0) {
        int slot = (int) (entry >>> 32) & mask;
        while (slots[slot] != 0) {
          slot = (slot + 1) & mask;
        }
        slots[slot] = entry;
      }
    }
  }
}
