package dev.textrnn.data;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A JSON Lines file ({@code .jsonl}): one JSON object a line, in UTF-8 (a byte-order mark is
 * skipped), with the text and the label in two of its fields; blank lines are skipped. A label is a
 * string, or a whole number taken as its digits.
 */
final class JsonLinesFile {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Path file;
  private final DatasetOptions options;

  private JsonLinesFile(Path file, DatasetOptions options) {
    this.file = file;
    this.options = options;
  }

  static TextDataset open(Path file, DatasetOptions options) {
    JsonLinesFile jsonl = new JsonLinesFile(file, options);
    return SequentialSource.open(file.toString(), jsonl::reader, options);
  }

  private Records.Reader reader() {
    InputStream in;
    try {
      in = Files.newInputStream(file);
    } catch (IOException e) {
      throw Records.unreadable(file.toString(), e);
    }
    return new Records.Reader() {
      private final byte[] buffer = new byte[1 << 16];
      private int position;
      private int filled;
      private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
      private long line;

      @Override
      public LabelledText next() throws IOException {
        byte[] text;
        while ((text = nextLine()) != null) {
          String origin = file + ": line " + line;
          if (line == 1 && TextBytes.startsWithByteOrderMark(text)) {
            text = Arrays.copyOfRange(text, 3, text.length);
          }
          if (!isBlank(text)) {
            return record(TextBytes.checked(text, origin), origin);
          }
        }
        return null;
      }

      /** The next line without its line break ({@code \n} or {@code \r\n}), or null at the end. */
      private byte[] nextLine() throws IOException {
        bytes.reset();
        boolean any = false;
        while (true) {
          if (position == filled) {
            filled = in.read(buffer);
            position = 0;
            if (filled < 0) {
              filled = 0;
              if (!any) {
                return null;
              }
              break;
            }
          }
          any = true;
          int start = position;
          while (position < filled && buffer[position] != '\n') {
            position++;
          }
          bytes.write(buffer, start, position - start);
          if (bytes.size() > TextBytes.MAX_TEXT_BYTES) {
            throw new DatasetException(
                file + ": line " + (line + 1) + ": more than the 16 MiB a line may have");
          }
          if (position < filled) {
            position++; // the line break
            break;
          }
        }
        line++;
        int end = bytes.size();
        byte[] text = bytes.toByteArray();
        return end > 0 && text[end - 1] == '\r' ? Arrays.copyOf(text, end - 1) : text;
      }

      @Override
      public void close() throws IOException {
        in.close();
      }
    };
  }

  private static boolean isBlank(byte[] line) {
    for (byte b : line) {
      if (b != ' ' && b != '\t' && b != '\r') {
        return false;
      }
    }
    return true;
  }

  private LabelledText record(byte[] line, String origin) {
    JsonNode object;
    try (JsonParser parser = JSON.createParser(line)) {
      object = JSON.readTree(parser);
      if (object != null && parser.nextToken() != null) {
        throw new DatasetException(
            origin
                + ": more after the JSON "
                + (object.isObject() ? "object" : "value")
                + ", at column "
                + parser.currentTokenLocation().getColumnNr()
                + "; write one JSON object a line");
      }
    } catch (JsonProcessingException e) {
      throw new DatasetException(
          origin
              + ": not valid JSON ("
              + e.getOriginalMessage()
              + " at column "
              + e.getLocation().getColumnNr()
              + "); write one JSON object a line",
          e);
    } catch (IOException e) {
      throw Records.unreadable(origin, e);
    }
    if (!object.isObject()) {
      throw new DatasetException(
          origin
              + ": a JSON "
              + object.getNodeType().toString().toLowerCase(java.util.Locale.ROOT)
              + ", not an object; write one object a line, such as {\""
              + options.textField()
              + "\": \"…\", \""
              + options.labelField()
              + "\": \"…\"}");
    }
    JsonNode text = field(object, options.textField(), "--text-field", origin);
    if (!text.isTextual()) {
      throw new DatasetException(
          origin + ": field " + options.textField() + " is " + kind(text) + ", not a string");
    }
    JsonNode label = field(object, options.labelField(), "--label-field", origin);
    if (!label.isTextual() && !label.isIntegralNumber()) {
      throw new DatasetException(
          origin
              + ": field "
              + options.labelField()
              + " is "
              + kind(label)
              + "; give a string or a whole number");
    }
    return new LabelledText(
        text.textValue().getBytes(StandardCharsets.UTF_8), label.asText(), origin);
  }

  private static JsonNode field(JsonNode object, String name, String flag, String origin) {
    JsonNode value = object.get(name);
    if (value == null) {
      List<String> fields = new ArrayList<>();
      object.fieldNames().forEachRemaining(fields::add);
      throw new DatasetException(
          origin
              + ": no field "
              + name
              + " (its fields: "
              + (fields.isEmpty() ? "none" : String.join(", ", fields))
              + "); name the field with "
              + flag);
    }
    return value;
  }

  private static String kind(JsonNode value) {
    return value.isNull()
        ? "null"
        : "a " + value.getNodeType().toString().toLowerCase(java.util.Locale.ROOT);
  }
}
