package dev.kiln.examples.serving;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kiln.testing.ChildJvm;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Inference under noGrad keeps no autograd state and, once warm, allocates nothing per call,
 * batch sizes varying call to call. Measured in a JVM of its own: in the test JVM, after other
 * tests, the JIT sometimes leaves one small object per call unremoved (seen once: 32 bytes).
 */
class InferenceAllocationTest {

  @Test
  void mixedBatchSizesAllocateNothingAfterWarmUp() throws Exception {
    List<String> out = new ChildJvm().runOk(InferenceAllocationRun.class).stdout();
    long[] rounds = out.stream().mapToLong(Long::parseLong).sorted().toArray();
    assertEquals(10, rounds.length, out::toString);
    // One object per call would be 32,000 bytes a round; the allowance is for the
    // interpreter's vector boxes while the JIT finishes a rarely hot method.
    assertEquals(0, rounds[0], "bytes of the best round of 2000 calls: " + out);
    assertTrue(rounds[rounds.length / 2] < 2_000, "median round: " + out);
  }
}
