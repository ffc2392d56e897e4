package dev.kiln.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kiln.testing.ChildJvm;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Warm calls of models with nested models allocate nothing: a training step of {@link Tower}
 * (its backward of {@code second(h) * h} allocated two index arrays and two shape copies a step
 * before: 2.3 KB), and a training step and an inference call of the two-input {@link Siamese}
 * (before: a varargs array and a new backward node a call). Measured in a JVM of its own, as
 * {@code InferenceAllocationTest} is.
 */
class NestedStepAllocationTest {
  @Test
  void nestedModelsTrainAndInferWithoutAllocating() throws Exception {
    for (String name : List.of("tower", "siamese", "siamese-noGrad")) {
      List<String> out = new ChildJvm().runOk(NestedStepAllocationRun.class, name).stdout();
      long[] rounds = out.stream().mapToLong(Long::parseLong).sorted().toArray();
      assertEquals(10, rounds.length, out::toString);
      // one 24-byte object a call would be 48,000 bytes a round
      assertTrue(rounds[0] < 2_000, name + ": bytes of the best round of 2000 calls: " + out);
    }
  }
}
