package dev.kiln.examples.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The same seed gives bit-identical training results in two fresh JVMs. */
class TrainingDeterminismTest {
  private static List<String> runInFreshJvm() throws Exception {
    String java = ProcessHandle.current().info().command().orElseThrow();
    Process p = new ProcessBuilder(java, "--add-modules", "jdk.incubator.vector", "-cp",
        System.getProperty("java.class.path"),
        TrainingRun.class.getName()).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(p.waitFor(120, TimeUnit.SECONDS), "TrainingRun did not finish");
    assertEquals(0, p.exitValue(), out);
    return out.lines().filter(l -> !l.startsWith("WARNING: Using incubator modules")).toList();
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
