package dev.textrnn.serving;

import java.util.List;

/**
 * Labels that are not classes of the model they are evaluated with; the message is one line naming
 * them (the first {@value #NAMED} of them, sorted) and the model's classes.
 */
public final class UnknownLabelsException extends IllegalArgumentException {
  static final int NAMED = 10;

  private final List<String> unknownLabels;

  UnknownLabelsException(List<String> unknownLabels, List<String> classNames) {
    super(
        (unknownLabels.size() == 1 ? "label " : "labels ")
            + String.join(", ", unknownLabels.subList(0, Math.min(NAMED, unknownLabels.size())))
            + (unknownLabels.size() > NAMED
                ? " and " + (unknownLabels.size() - NAMED) + " more"
                : "")
            + (unknownLabels.size() == 1 ? " is" : " are")
            + " not among the model's classes ("
            + String.join(", ", classNames)
            + ")");
    this.unknownLabels = List.copyOf(unknownLabels);
  }

  /** Every label that is not a class of the model, sorted. */
  public List<String> unknownLabels() {
    return unknownLabels;
  }
}
