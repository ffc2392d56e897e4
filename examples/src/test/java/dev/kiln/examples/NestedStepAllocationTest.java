package dev.kiln.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kiln.testing.ChildJvm;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A warm training step of a model with nested models and an elementwise product of two computed
 * values ({@link Tower}) allocates nothing: its backward allocated two index arrays and two shape
 * copies a step before (2.3 KB per step). Measured in a JVM of its own, as
 * {@code InferenceAllocationTest} is.
 */
class NestedStepAllocationTest {
  @Test
  void aNestedModelsTrainingStepAllocatesNothing() throws Exception {
    List<String> out = new ChildJvm().runOk(NestedStepAllocationRun.class).stdout();
    long[] rounds = out.stream().mapToLong(Long::parseLong).sorted().toArray();
    assertEquals(10, rounds.length, out::toString);
    // one 32-byte object a step would be 64,000 bytes a round
    assertTrue(rounds[0] < 2_000, "bytes of the best round of 2000 steps: " + out);
  }
}
