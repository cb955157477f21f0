package dev.textrnn.cli;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** Reads an enum constant written in lower case, naming the choices when it is not one. */
class LowerCaseEnumConverter<E extends Enum<E>> implements ITypeConverter<E> {
  private final Class<E> type;

  LowerCaseEnumConverter(Class<E> type) {
    this.type = type;
  }

  @Override
  public E convert(String value) {
    for (E constant : type.getEnumConstants()) {
      if (constant.name().equalsIgnoreCase(value)) {
        return constant;
      }
    }
    throw new TypeConversionException(
        "'"
            + value
            + "' is not one of "
            + Arrays.stream(type.getEnumConstants())
                .map(c -> c.name().toLowerCase(Locale.ROOT))
                .collect(Collectors.joining(", ")));
  }
}
