package dev.kiln.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Same seed: identical initial weights and losses in two fresh JVMs (and in this one). */
class SeededRunTest {
  private static List<String> runInFreshJvm(long seed) throws IOException, InterruptedException {
    String java = ProcessHandle.current().info().command().orElseThrow();
    File err = File.createTempFile("seeded-run", ".err");
    err.deleteOnExit();
    Process p = new ProcessBuilder(java, "--add-modules", "jdk.incubator.vector", "-cp",
        System.getProperty("java.class.path"),
        SeededRun.class.getName(), Long.toString(seed))
        .redirectError(err).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(p.waitFor(60, TimeUnit.SECONDS), "SeededRun did not finish");
    assertEquals(0, p.exitValue(), () -> "SeededRun failed: " + read(err));
    return out.lines().toList();
  }

  private static String read(File f) {
    try {
      return Files.readString(f.toPath());
    } catch (IOException e) {
      return e.toString();
    }
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
