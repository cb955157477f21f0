package dev.textrnn.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.textrnn.model.Head;
import dev.textrnn.train.Metrics;
import dev.textrnn.train.StepResult;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The report of a three-class model with a class it never predicts. */
class EvaluationReportTest {
  private static final List<String> CLASSES = List.of("billing", "technical support", "other");

  /**
   * The softmax cross-entropy of logits 2 for the predicted class, 0 for the others: 3 right, 2
   * wrong.
   */
  private static final double LOSS =
      (3 * Math.log(1 + 2 * Math.exp(-2)) + 2 * Math.log(2 + Math.exp(2))) / 5;

  /**
   * Rows (true, predicted): billing ×2 right, technical support ×1 right and ×1 as billing, other
   * ×1 as billing.
   */
  private static EvaluationReport report() {
    int[][] rows = {{0, 0}, {0, 0}, {1, 1}, {1, 0}, {2, 0}};
    float[] logits = new float[rows.length * 3];
    float[] labels = new float[rows.length];
    for (int row = 0; row < rows.length; row++) {
      labels[row] = rows[row][0];
      logits[row * 3 + rows[row][1]] = 2;
    }
    Metrics metrics = new Metrics();
    metrics.add(StepResult.fromLogits(Head.softmax(3), logits, labels));
    return new EvaluationReport(CLASSES, metrics);
  }

  @Test
  void jsonHasNoKerasAccuracyForMoreThanTwoClasses() throws Exception {
    double billingF1 = 2 * 2 / (2 * 2 + 2 + 0.0);
    double supportF1 = 2 * 1 / (2 * 1 + 0 + 1.0);
    assertEquals(
        "{\"loss\":"
            + LOSS
            + ",\"accuracy\":0.6,\"per_class\":{"
            + "\"billing\":{\"precision\":0.5,\"recall\":1.0,\"f1\":"
            + billingF1
            + ",\"support\":2},"
            + "\"technical support\":{\"precision\":1.0,\"recall\":0.5,\"f1\":"
            + supportF1
            + ",\"support\":2},"
            + "\"other\":{\"precision\":0.0,\"recall\":0.0,\"f1\":0.0,\"support\":1}},"
            + "\"macro_f1\":"
            + (billingF1 + supportF1 + 0) / 3
            + ",\"confusion_matrix\":{\"labels\":[\"billing\",\"technical support\",\"other\"],"
            + "\"matrix\":[[2,0,0],[1,1,0],[1,0,0]]}}",
        new ObjectMapper().writeValueAsString(report().json()));
  }

  @Test
  void theTableIsAsWideAsTheLongestName() {
    assertEquals("loss: 1.0395 - accuracy: 0.6000 - macro_f1: 0.4444", report().summary());
    assertEquals(
        List.of(
            "class              precision  recall      f1    support",
            "billing               0.5000  1.0000  0.6667          2",
            "technical support     1.0000  0.5000  0.6667          2",
            "other                 0.0000  0.0000  0.0000          1",
            "",
            "confusion matrix (rows: true class, columns: predicted class)",
            "                             billing  technical support              other",
            "billing                            2                  0                  0",
            "technical support                  1                  1                  0",
            "other                              1                  0                  0"),
        report().table());
  }
}
