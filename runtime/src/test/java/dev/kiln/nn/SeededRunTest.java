package dev.kiln.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kiln.testing.ChildJvm;
import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Same seed: identical initial weights and losses in two fresh JVMs (and in this one). */
class SeededRunTest {
  private static List<String> runInFreshJvm(long seed) throws IOException, InterruptedException {
    return new ChildJvm().timeoutSeconds(60).runOk(SeededRun.class, Long.toString(seed))
        .stdout();
  }

  @Test
  void sameSeedSameLossesInTwoFreshJvms() throws Exception {
    List<String> first = runInFreshJvm(7);
    List<String> second = runInFreshJvm(7);
    assertEquals(1 + SeededRun.STEPS, first.size(), () -> "output: " + first);
    assertTrue(first.get(0).startsWith("init "));
    assertTrue(first.get(SeededRun.STEPS).startsWith("step " + (SeededRun.STEPS - 1) + " loss "));
    assertEquals(first, second);
    assertEquals(first, SeededRun.run(7));
    assertNotEquals(first, SeededRun.run(8));
  }

  @Test
  void theLoopLearns() {
    List<String> lines = SeededRun.run(7);
    float firstLoss = Float.parseFloat(lines.get(1).split(" ")[3]);
    float lastLoss = Float.parseFloat(lines.get(SeededRun.STEPS).split(" ")[3]);
    assertTrue(lastLoss < firstLoss, lines::toString);
  }
}
