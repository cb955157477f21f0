package dev.textrnn.data;

import java.io.Closeable;
import java.io.IOException;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/** A pass of a {@link TextSource} as a stream, from a reader that pulls one record at a time. */
final class Records {
  private Records() {}

  /** One pass over a file; it holds the file open until {@link #close()}. */
  interface Reader extends Closeable {
    /**
     * The next record, or null at the end.
     *
     * @throws DatasetException for a record that cannot be read, naming it
     */
    LabelledText next() throws IOException;
  }

  /**
   * The reader's records, closing it at their end, on an exception and when the stream is closed.
   *
   * @param name what the reader reads, to name it when closing or reading fails unexpectedly
   */
  static Stream<LabelledText> stream(Reader reader, String name) {
    Iterator<LabelledText> records =
        new Iterator<>() {
          private LabelledText next;
          private boolean ended;

          @Override
          public boolean hasNext() {
            if (next == null && !ended) {
              try {
                next = reader.next();
              } catch (IOException | RuntimeException e) {
                close(reader, name);
                throw e instanceof IOException io ? unreadable(name, io) : (RuntimeException) e;
              }
              if (next == null) {
                ended = true;
                close(reader, name);
              }
            }
            return next != null;
          }

          @Override
          public LabelledText next() {
            if (!hasNext()) {
              throw new NoSuchElementException();
            }
            LabelledText record = next;
            next = null;
            return record;
          }
        };
    return StreamSupport.stream(
            Spliterators.spliteratorUnknownSize(records, Spliterator.ORDERED | Spliterator.NONNULL),
            false)
        .onClose(() -> close(reader, name));
  }

  /** A file that could not be read, as one line naming it. */
  static DatasetException unreadable(String name, IOException e) {
    return new DatasetException(
        name + ": cannot be read (" + DatasetException.reason(e, true) + ")", e);
  }

  private static void close(Reader reader, String name) {
    try {
      reader.close();
    } catch (IOException e) {
      throw unreadable(name, e);
    }
  }
}
