package dev.textrnn.serving;

import dev.textrnn.text.Standardize;
import dev.textrnn.text.TextVectorization;
import java.util.List;
import java.util.OptionalInt;
import org.tensorflow.Operand;
import org.tensorflow.ndarray.NdArrays;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Op;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.HashTable;
import org.tensorflow.op.strings.Lower;
import org.tensorflow.op.strings.StringSplit;
import org.tensorflow.types.TInt32;
import org.tensorflow.types.TInt64;
import org.tensorflow.types.TString;
import org.tensorflow.types.family.TType;

/**
 * A {@link TextVectorization} as graph ops, the way Keras builds it: standardize, split on ASCII
 * whitespace, look the tokens up in a hash table of the vocabulary, right-pad with 0. It gives the
 * Java vectorizer's ids byte for byte, so a SavedModel can take raw text.
 */
final class GraphVectorizer {
  /** Keras's DEFAULT_STRIP_REGEX: the 32 ASCII punctuation characters. */
  private static final String STRIP_PUNCTUATION_REGEX =
      "[!\"#$%&()\\*\\+,-\\./:;<=>?@\\[\\\\\\]^_`{|}~\\']";

  private static final long OOV_ID = 1;
  private static final long PADDING_ID = 0;

  private final Standardize standardize;
  private final OptionalInt outputSequenceLength;
  private final Operand<? extends TType> table;
  private final Op tableInit;

  /** Adds the vocabulary table and, in the init scope, the op filling it. */
  GraphVectorizer(Ops tf, TextVectorization vectorizer) {
    this.standardize = vectorizer.standardize();
    this.outputSequenceLength = vectorizer.outputSequenceLength();
    Ops init = tf.withInitScope().withSubScope("vocabulary");
    List<byte[]> tokens = vectorizer.getVocabularyBytes();
    long[] ids = new long[tokens.size()];
    for (int id = 0; id < ids.length; id++) {
      ids[id] = id;
    }
    HashTable hashTable = init.withName("table").hashTable(TString.class, TInt64.class);
    Operand<TString> keys; // [vocabularySize]
    try (TString tokenTensor =
        TString.tensorOfBytes(NdArrays.vectorOfObjects(tokens.toArray(byte[][]::new)))) {
      keys = init.constantOf(tokenTensor);
    }
    Operand<TInt64> values = init.constant(Shape.of(ids.length), DataBuffers.of(ids, true, false));
    Op importOp = init.withName("import").lookupTableImport(hashTable, keys, values);
    this.table = hashTable.tableHandle();
    // The loaders' init op: a NoOp in the init scope (outside it the control input is lost).
    this.tableInit =
        tf.withInitScope()
            .withName(SavedModelLayout.TABLE_INIT_OP)
            .withControlDependencies(List.of(importOp))
            .noOp();
  }

  /** The op that fills the table: what {@code __saved_model_init_op} must name. */
  Op tableInit() {
    return tableInit;
  }

  /**
   * texts [batch] → ids [batch, longest row] int64, 0-padded (or padded/cut to the fixed length).
   */
  Operand<TInt64> ids(Ops tf, Operand<TString> texts) {
    Operand<TString> standardized =
        switch (standardize) {
          case LOWER_AND_STRIP_PUNCTUATION -> stripPunctuation(tf, lower(tf, texts));
          case LOWER -> lower(tf, texts);
          case STRIP_PUNCTUATION -> stripPunctuation(tf, texts);
          case NONE -> texts;
        };
    StringSplit tokens =
        tf.strings.stringSplit(standardized, tf.constant("")); // sparse [batch, longest]
    Operand<TInt64> tokenIds =
        tf.lookupTableFind(table, tokens.values(), tf.constant(OOV_ID)); // [tokens]
    Operand<TInt64> ids =
        tf.sparse.sparseToDense(
            tokens.indices(),
            tokens.shape(),
            tokenIds,
            tf.constant(PADDING_ID)); // [batch, longest]
    if (outputSequenceLength.isPresent()) {
      ids = toLength(tf, ids, outputSequenceLength.getAsInt());
    }
    return ids;
  }

  private static Operand<TString> lower(Ops tf, Operand<TString> texts) {
    return tf.strings.lower(texts, Lower.encoding("")); // ASCII A-Z only, as Keras
  }

  private static Operand<TString> stripPunctuation(Ops tf, Operand<TString> texts) {
    return tf.strings.staticRegexReplace(texts, STRIP_PUNCTUATION_REGEX, "");
  }

  /** ids [batch, t] → [batch, length]: right-padded with 0, or the first {@code length} columns. */
  private static Operand<TInt64> toLength(Ops tf, Operand<TInt64> ids, int length) {
    Operand<TInt32> columns = tf.gather(tf.shape(ids), tf.constant(1), tf.constant(0));
    Operand<TInt32> missing =
        tf.math.maximum(tf.math.sub(tf.constant(length), columns), tf.constant(0));
    Operand<TInt32> zero = tf.constant(0);
    Operand<TInt64> padded =
        tf.pad(
            ids,
            tf.reshape(tf.stack(List.of(zero, zero, zero, missing)), tf.constant(new int[] {2, 2})),
            tf.constant(PADDING_ID));
    return tf.slice(padded, tf.constant(new int[] {0, 0}), tf.constant(new int[] {-1, length}));
  }
}
