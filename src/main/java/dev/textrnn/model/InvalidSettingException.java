package dev.textrnn.model;

/**
 * A setting (a model's size, a field of a training recipe) outside its range. It names the setting
 * by its field name and says the problem in words that read after a flag as well ({@code
 * --batch-size must be between 1 and 25000, got 0}) as after a field of a file ({@code
 * checkpoint.json: recipe.batchSize must be …}), so that each caller names what the user wrote.
 */
public final class InvalidSettingException extends IllegalArgumentException {
  private final String setting;
  private final String problem;

  /**
   * @param setting the field's name, as in its record and in the JSON written from it
   * @param problem what is wrong with its value, for example {@code must be at least 0, got -1}
   */
  public InvalidSettingException(String setting, String problem) {
    super(setting + " " + problem);
    this.setting = setting;
    this.problem = problem;
  }

  public String setting() {
    return setting;
  }

  public String problem() {
    return problem;
  }
}
