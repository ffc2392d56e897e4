package dev.kiln.examples.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kiln.testing.ChildJvm;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The same seed gives bit-identical training results in two fresh JVMs. */
class TrainingDeterminismTest {
  private static List<String> runInFreshJvm() throws Exception {
    ChildJvm.Result r = new ChildJvm().timeoutSeconds(120).runOk(TrainingRun.class);
    return r.stdout().stream().filter(l -> !l.startsWith("WARNING: Using incubator modules"))
        .toList();
  }

  @Test
  void twoFreshJvmsTrainIdentically() throws Exception {
    List<String> first = runInFreshJvm();
    List<String> second = runInFreshJvm();
    assertEquals(5, first.size(), first::toString);
    assertTrue(first.stream().allMatch(l -> l.matches("-?\\d+\\.\\d+(E-?\\d+)? [0-9a-f]+")),
        first::toString);
    assertEquals(first, second);
  }
}
