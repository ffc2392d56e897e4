package dev.kiln.examples.serving;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Inference under noGrad keeps no autograd state and, once warm, allocates nothing per call,
 * batch sizes varying call to call. Measured in a JVM of its own: in the test JVM, after other
 * tests, the JIT sometimes leaves one small object per call unremoved (seen once: 32 bytes).
 */
class InferenceAllocationTest {

  @Test
  void mixedBatchSizesAllocateNothingAfterWarmUp() throws Exception {
    List<String> command = new ArrayList<>(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "--add-modules", "jdk.incubator.vector", "-cp", System.getProperty("java.class.path"),
        InferenceAllocationRun.class.getName()));
    Path file = Files.createTempFile("kiln-alloc", ".txt");
    try {
      Process p = new ProcessBuilder(command).redirectOutput(file.toFile())
          .redirectError(ProcessBuilder.Redirect.DISCARD).start();
      if (!p.waitFor(120, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw new AssertionError("InferenceAllocationRun did not finish in 120 s");
      }
      List<String> out = Files.readAllLines(file, StandardCharsets.UTF_8);
      assertEquals(0, p.exitValue(), "exit 2: an inference output recorded its backward; " + out);
      long[] rounds = out.stream().mapToLong(Long::parseLong).sorted().toArray();
      assertEquals(10, rounds.length, out::toString);
      // One object per call would be 32,000 bytes a round; the allowance is for the
      // interpreter's vector boxes while the JIT finishes a rarely hot method.
      assertEquals(0, rounds[0], "bytes of the best round of 2000 calls: " + out);
      assertTrue(rounds[rounds.length / 2] < 2_000, "median round: " + out);
    } finally {
      Files.delete(file);
    }
  }
}
