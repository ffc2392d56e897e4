package dev.kiln.examples.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The tutorials' training loops learn what the tutorials say they learn, and print as they do. */
class TrainingExamplesTest {
  private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
  private final PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);

  private String[] lines() {
    return bytes.toString(StandardCharsets.UTF_8).split("\n");
  }

  @Test
  void linearRegressionPrintsLikeTheTutorialAndLearnsTheSlope() {
    LinearRegression.Result r = LinearRegression.train(out, 200);
    String[] lines = lines();
    assertEquals(6, lines.length);
    assertTrue(lines[0].matches("epoch   0 loss \\d+\\.\\d{4}"), lines[0]);
    assertTrue(lines[4].matches("epoch 199 loss \\d+\\.\\d{4}"), lines[4]);
    assertTrue(lines[5].matches("learned: y = \\d\\.\\d{3}x \\+ \\d\\.\\d{3} \\(true: y = 3x \\+ 2\\)"),
        lines[5]);
    assertEquals(3f, r.weight(), 0.2f);
    assertTrue(r.loss() < 0.4f, "loss " + r.loss());
  }

  @Test
  void linearRegressionReachesTheTrueLineGivenTime() {
    LinearRegression.Result r = LinearRegression.train(out, 1000);
    assertEquals(3f, r.weight(), 0.2f);
    assertEquals(2f, r.bias(), 0.2f);
  }

  @Test
  void sineNetFitsTheSineWhileALineStalls() {
    SineRegression.Result r = SineRegression.train(out);
    assertTrue(r.sineNetLoss() < 0.02f, "SineNet loss " + r.sineNetLoss());
    assertEquals(0.2f, r.linearLoss(), 0.05f);
    assertEquals("params: 4353", lines()[0]);
  }

  @Test
  void skipMlpLearnsTheRegressionTask() {
    SkipMlpRegression.Result r = SkipMlpRegression.train(out);
    assertTrue(r.lastLoss() < 0.01f && r.lastLoss() < r.firstLoss() / 10,
        r.firstLoss() + " -> " + r.lastLoss());
  }
}
