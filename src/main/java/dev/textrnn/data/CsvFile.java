package dev.textrnn.data;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;
import org.apache.commons.csv.CSVException;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

/**
 * A CSV ({@code .csv}) or TSV ({@code .tsv}) file through Apache Commons CSV: RFC 4180 (fields in
 * double quotes may hold delimiters, quotes written twice and line breaks), with a comma or a tab
 * between fields; UTF-8 with or without a byte-order mark. The first row is the header; the text
 * and label columns are header names or 0-based indices; every row has as many fields as the
 * header, and empty lines are skipped. Rows are numbered from 1 after the header.
 */
final class CsvFile {

  private final Path file;
  private final CSVFormat format;
  private final DatasetOptions options;

  private CsvFile(Path file, boolean tabs, DatasetOptions options) {
    this.file = file;
    this.format = CSVFormat.RFC4180.builder().setDelimiter(tabs ? '\t' : ',').get();
    this.options = options;
  }

  static TextDataset open(Path file, boolean tabs, DatasetOptions options) {
    CsvFile csv = new CsvFile(file, tabs, options);
    return SequentialSource.open(file.toString(), csv::reader, options);
  }

  private String delimiterName() {
    return format.getDelimiterString().equals("\t") ? "a tab" : "a comma";
  }

  private Records.Reader reader() {
    BoundedReader chars;
    CSVParser parser;
    try {
      InputStream in = new BufferedInputStream(Files.newInputStream(file), 1 << 16);
      chars = new BoundedReader(in, skipByteOrderMark(in), TextBytes.MAX_TEXT_BYTES);
      parser = CSVParser.builder().setReader(chars).setFormat(format).get();
    } catch (IOException e) {
      throw Records.unreadable(file.toString(), e);
    }
    try {
      return new Rows(parser, chars);
    } catch (RuntimeException e) {
      try {
        parser.close();
      } catch (IOException suppressed) {
        e.addSuppressed(suppressed);
      }
      throw e;
    }
  }

  /** Skips a UTF-8 byte-order mark; returns the bytes skipped. */
  private static int skipByteOrderMark(InputStream in) throws IOException {
    in.mark(3);
    if (TextBytes.startsWithByteOrderMark(in.readNBytes(3))) {
      return 3;
    }
    in.reset();
    return 0;
  }

  /** One pass over the rows, which checks the header first. */
  private final class Rows implements Records.Reader {
    private final CSVParser parser;
    private final BoundedReader chars;
    private final Iterator<CSVRecord> records;
    private final int width;
    private final int textColumn;
    private final int labelColumn;
    private long row;
    private long line = 1;

    Rows(CSVParser parser, BoundedReader chars) {
      this.parser = parser;
      this.chars = chars;
      this.records = parser.iterator();
      CSVRecord header = nextRecord();
      if (header == null) {
        throw new DatasetException(
            file
                + ": empty; its first line must be a header naming the columns, such as "
                + options.textColumn()
                + delimiter()
                + options.labelColumn());
      }
      List<String> names = header.toList();
      width = names.size();
      textColumn = column(names, options.textColumn(), "--text-column");
      labelColumn = column(names, options.labelColumn(), "--label-column");
    }

    private String delimiter() {
      return format.getDelimiterString();
    }

    private int column(List<String> header, String column, String flag) {
      String where = file + ": line 1 (the header): ";
      String what = " (a header name or a 0-based index)";
      if (column.chars().allMatch(Character::isDigit)) {
        if (column.length() > 9 || Integer.parseInt(column) >= header.size()) {
          throw new DatasetException(
              where
                  + header.size()
                  + (header.size() == 1 ? " column" : " columns")
                  + ", no column "
                  + column
                  + "; name an existing one with "
                  + flag
                  + what);
        }
        return Integer.parseInt(column);
      }
      int index = header.indexOf(column);
      if (index < 0) {
        throw new DatasetException(
            where
                + "no column "
                + column
                + " (its columns: "
                + String.join(", ", header)
                + "); name the column with "
                + flag
                + what);
      }
      if (header.lastIndexOf(column) != index) {
        throw new DatasetException(
            where
                + "two columns are named "
                + column
                + " (columns "
                + index
                + " and "
                + header.lastIndexOf(column)
                + "); give "
                + flag
                + " the index of one");
      }
      return index;
    }

    @Override
    public LabelledText next() {
      while (true) {
        CSVRecord record = nextRecord();
        if (record == null) {
          return null;
        }
        if (record.size() == 1 && record.get(0).isEmpty()) {
          continue; // an empty line
        }
        row++;
        String origin = origin(record);
        if (record.size() != width) {
          throw new DatasetException(
              origin
                  + ": "
                  + record.size()
                  + (record.size() == 1 ? " field" : " fields")
                  + " where the header has "
                  + width
                  + "; put a field that holds "
                  + delimiterName()
                  + ", a quote or a line break in double quotes, with its quotes written twice");
        }
        return new LabelledText(
            record.get(textColumn).getBytes(StandardCharsets.UTF_8),
            record.get(labelColumn),
            origin);
      }
    }

    /** The next record, its first line and row number kept for messages; null at the end. */
    private CSVRecord nextRecord() {
      line = parser.getCurrentLineNumber() + 1;
      chars.restart();
      try {
        if (!records.hasNext()) {
          return null;
        }
        return records.next();
      } catch (UncheckedIOException e) {
        throw failure(e.getCause());
      }
    }

    private String origin(CSVRecord record) {
      return file + ": row " + row + " (line " + line + ")";
    }

    private DatasetException failure(IOException e) {
      String where =
          file + (width == 0 ? ": line " + line : ": row " + (row + 1) + " (line " + line + ")");
      if (e instanceof BoundedReader.NotUtf8) {
        return new DatasetException(
            where
                + ": not UTF-8 text ("
                + e.getMessage()
                + ": a binary file, or another encoding); save the file as UTF-8",
            e);
      }
      if (e instanceof BoundedReader.TooLong) {
        return new DatasetException(
            where
                + ": the row runs past 16 Mi characters; a quote opened in it may never be closed,"
                + " or a text is too long",
            e);
      }
      if (e instanceof CSVException && chars.ended) {
        return new DatasetException(
            where
                + ": a quote opened in this row is never closed; close it, and write a quote"
                + " inside a quoted field twice (\"\")",
            e);
      }
      if (e instanceof CSVException) {
        return new DatasetException(
            where
                + ": "
                + DatasetException.reason(e, false)
                + "; write a quote inside a quoted field twice (\"\"), and quote the field",
            e);
      }
      return Records.unreadable(file.toString(), e);
    }

    @Override
    public void close() throws IOException {
      parser.close();
    }
  }

  /**
   * Decodes strict UTF-8 for the parser, and counts the characters read since {@link #restart()},
   * failing past a limit so that a quote never closed cannot gather the rest of a large file into
   * one field. Bytes that are not UTF-8 fail the read that reaches them, not the one that decodes
   * the chars before them, so the failure belongs to the row that holds them.
   */
  private static final class BoundedReader extends Reader {
    static final class TooLong extends IOException {
      TooLong() {
        super("row too long");
      }
    }

    static final class NotUtf8 extends IOException {
      NotUtf8(int value, long offset) {
        super(String.format("byte 0x%02x at offset %d of the file", value, offset));
      }
    }

    private final InputStream in;
    private final CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder();
    private final ByteBuffer bytes = ByteBuffer.allocate(1 << 16).flip();
    private final long limit;
    private long offset; // of bytes.position() in the file
    private long count;
    private boolean inputEnded;
    boolean ended;

    BoundedReader(InputStream in, long offset, long limit) {
      this.in = in;
      this.offset = offset;
      this.limit = limit;
    }

    void restart() {
      count = 0;
    }

    @Override
    public int read(char[] buffer, int start, int length) throws IOException {
      if (length == 0) {
        return 0;
      }
      CharBuffer out = CharBuffer.wrap(buffer, start, length);
      while (true) {
        int before = bytes.position();
        CoderResult result = decoder.decode(bytes, out, inputEnded);
        offset += bytes.position() - before;
        if (result.isError()) {
          if (out.position() > start) {
            break; // the chars before the bad bytes first
          }
          throw new NotUtf8(bytes.get(bytes.position()) & 0xff, offset);
        }
        if (out.position() > start || result.isOverflow()) {
          break;
        }
        if (inputEnded) {
          ended = true;
          return -1;
        }
        bytes.compact();
        int n = in.read(bytes.array(), bytes.position(), bytes.remaining());
        if (n < 0) {
          inputEnded = true;
        } else {
          bytes.position(bytes.position() + n);
        }
        bytes.flip();
      }
      int n = out.position() - start;
      count += n;
      if (count > limit) {
        throw new TooLong();
      }
      return n;
    }

    @Override
    public void close() throws IOException {
      in.close();
    }
  }
}
