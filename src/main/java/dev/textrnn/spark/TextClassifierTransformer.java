package dev.textrnn.spark;

import java.util.Arrays;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.ml.Transformer;
import org.apache.spark.ml.param.IntParam;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.param.ParamValidators;
import org.apache.spark.ml.util.DefaultParamsReader;
import org.apache.spark.ml.util.DefaultParamsWritable;
import org.apache.spark.ml.util.Identifiable$;
import org.apache.spark.ml.util.MLReader;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * A Spark ML {@link Transformer} that classifies a column of texts with a textrnn SavedModel: it
 * appends the predicted label (string), its probability (double) and every class's probability (map
 * from class name to double) to each row, keeping the rows' order within each partition and every
 * other column as it is. A null text is scored as the empty text.
 *
 * <p>Each executor JVM loads the model once, on the first task that needs it, whatever the number
 * of partitions, and closes it when it exits ({@link ExecutorModels}); a folder on HDFS, S3 or any
 * other Hadoop file system is first copied to a local temporary folder, once per executor. A {@link
 * org.apache.spark.ml.Pipeline} holding it can be saved and loaded ({@code DefaultParamsWritable};
 * {@link #read()}).
 *
 * <pre>{@code
 * Dataset<Row> scored = new TextClassifierTransformer()
 *     .setModelPath("hdfs:///models/savedmodel")
 *     .setInputCol("review")
 *     .transform(reviews);   // review, …, predicted_label, probability, scores
 * }</pre>
 */
public final class TextClassifierTransformer extends Transformer implements DefaultParamsWritable {
  private static final long serialVersionUID = 1L;

  private final String uid;
  private final Param<String> modelPath;
  private final Param<String> inputCol;
  private final Param<String> labelCol;
  private final Param<String> probabilityCol;
  private final Param<String> scoresCol;
  private final IntParam batchSize;

  public TextClassifierTransformer() {
    this(Identifiable$.MODULE$.randomUID("textClassifier"));
  }

  /** The constructor that {@link DefaultParamsReader} calls, with the saved stage's uid. */
  public TextClassifierTransformer(String uid) {
    this.uid = uid;
    modelPath =
        new Param<>(
            this,
            "modelPath",
            "the SavedModel folder (the one holding saved_model.pb): a local path or any Hadoop"
                + " file system path");
    inputCol = new Param<>(this, "inputCol", "the column of texts (string)");
    labelCol = new Param<>(this, "labelCol", "the output column of predicted labels (string)");
    probabilityCol =
        new Param<>(
            this, "probabilityCol", "the output column of the predicted label's probability");
    scoresCol =
        new Param<>(
            this,
            "scoresCol",
            "the output column of every class's probability (map<string,double>)");
    batchSize =
        new IntParam(
            this,
            "batchSize",
            "rows of a partition given to the model at once (fewer when their texts reach 32"
                + " million characters); it sorts them by length and runs them in runs of at most"
                + " 131,072 token positions",
            ParamValidators.gtEq(1));
    setDefault(inputCol, "text");
    setDefault(labelCol, "predicted_label");
    setDefault(probabilityCol, "probability");
    setDefault(scoresCol, "scores");
    setDefault(batchSize, 8192);
  }

  /** Reads a transformer that {@code write().save(path)} saved. */
  public static MLReader<TextClassifierTransformer> read() {
    return new DefaultParamsReader<>();
  }

  public static TextClassifierTransformer load(String path) {
    return read().load(path);
  }

  @Override
  public String uid() {
    return uid;
  }

  public Param<String> modelPath() {
    return modelPath;
  }

  public Param<String> inputCol() {
    return inputCol;
  }

  public Param<String> labelCol() {
    return labelCol;
  }

  public Param<String> probabilityCol() {
    return probabilityCol;
  }

  public Param<String> scoresCol() {
    return scoresCol;
  }

  public IntParam batchSize() {
    return batchSize;
  }

  public TextClassifierTransformer setModelPath(String value) {
    set(modelPath, value);
    return this;
  }

  public TextClassifierTransformer setInputCol(String value) {
    set(inputCol, value);
    return this;
  }

  public TextClassifierTransformer setLabelCol(String value) {
    set(labelCol, value);
    return this;
  }

  public TextClassifierTransformer setProbabilityCol(String value) {
    set(probabilityCol, value);
    return this;
  }

  public TextClassifierTransformer setScoresCol(String value) {
    set(scoresCol, value);
    return this;
  }

  public TextClassifierTransformer setBatchSize(int value) {
    set(batchSize, value);
    return this;
  }

  /**
   * @throws IllegalArgumentException naming the parameter: modelPath not set or not a SavedModel
   *     folder, no text column of that name or not strings, an output column already there
   */
  @Override
  public StructType transformSchema(StructType schema) {
    ModelLocation.of(requiredModelPath(), hadoopConfiguration()).requireSavedModel();
    String text = getOrDefault(inputCol);
    if (!Arrays.asList(schema.fieldNames()).contains(text)) {
      throw new IllegalArgumentException(
          "inputCol "
              + text
              + ": no such column (the columns are "
              + String.join(", ", schema.fieldNames())
              + "); set inputCol to the column of texts");
    }
    if (!schema.apply(text).dataType().equals(DataTypes.StringType)) {
      throw new IllegalArgumentException(
          "inputCol "
              + text
              + ": a column of "
              + schema.apply(text).dataType().simpleString()
              + ", not of strings; cast it to string or set inputCol to the column of texts");
    }
    for (Param<String> output : new Param[] {labelCol, probabilityCol, scoresCol}) {
      if (Arrays.asList(schema.fieldNames()).contains(getOrDefault(output))) {
        throw new IllegalArgumentException(
            output.name()
                + " "
                + getOrDefault(output)
                + ": the DataFrame already has this column; set "
                + output.name()
                + " to a new name");
      }
    }
    return schema
        .add(getOrDefault(labelCol), DataTypes.StringType, false)
        .add(getOrDefault(probabilityCol), DataTypes.DoubleType, false)
        .add(
            getOrDefault(scoresCol),
            DataTypes.createMapType(DataTypes.StringType, DataTypes.DoubleType, false),
            false);
  }

  @Override
  public Dataset<Row> transform(Dataset<?> dataset) {
    StructType output = transformSchema(dataset.schema());
    PartitionScorer scorer =
        new PartitionScorer(
            requiredModelPath(),
            new HadoopConfiguration(dataset.sparkSession().sparkContext().hadoopConfiguration()),
            dataset.schema().fieldIndex(getOrDefault(inputCol)),
            (Integer) getOrDefault(batchSize));
    return dataset.toDF().mapPartitions(scorer, Encoders.row(output));
  }

  @Override
  public TextClassifierTransformer copy(ParamMap extra) {
    return defaultCopy(extra);
  }

  private String requiredModelPath() {
    if (!isDefined(modelPath)) {
      throw new IllegalArgumentException(
          "modelPath is not set; set it to the SavedModel folder (the one holding saved_model.pb)");
    }
    return getOrDefault(modelPath);
  }

  /** The active session's (with its spark.hadoop.* settings), else Hadoop's defaults. */
  private static Configuration hadoopConfiguration() {
    return SparkSession.getActiveSession().isDefined()
        ? SparkSession.getActiveSession().get().sparkContext().hadoopConfiguration()
        : new Configuration();
  }
}
