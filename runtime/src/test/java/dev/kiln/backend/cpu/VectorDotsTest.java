package dev.kiln.backend.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;
import jdk.incubator.vector.FloatVector;
import org.junit.jupiter.api.Test;

/**
 * The dot products' lane sum adds the lanes in lane order, before and after the JIT compiles it:
 * on JDK 17 that is {@code reduceLanes(ADD)}'s order (what {@code VectorDots} relies on there),
 * elsewhere the lane-by-lane sum.
 */
class VectorDotsTest {
  private static float inOrder(float[] lanes) {
    float r = 0f;
    for (float l : lanes) {
      r += l;
    }
    return r;
  }

  private static void assertInOrder(float[][] lanes, String when) {
    for (float[] l : lanes) {
      float got = VectorDots.sum(FloatVector.fromArray(FloatVector.SPECIES_256, l, 0));
      assertEquals(Float.floatToRawIntBits(inOrder(l)), Float.floatToRawIntBits(got),
          when + ": " + java.util.Arrays.toString(l));
    }
  }

  @Test
  void lanesAreAddedInOrderInterpretedAndCompiled() {
    Random r = new Random(5);
    float[][] lanes = new float[500][8];
    for (float[] l : lanes) {
      for (int i = 0; i < 8; i++) { // magnitudes far apart, so another order gives other bits
        l[i] = (float) (r.nextGaussian() * Math.pow(10, r.nextInt(8)));
      }
    }
    assertInOrder(lanes, "first calls");
    FloatVector v = FloatVector.fromArray(FloatVector.SPECIES_256, lanes[0], 0);
    float sink = 0f;
    for (int i = 0; i < 200_000; i++) {
      sink += VectorDots.sum(v);
    }
    assertInOrder(lanes, "after " + sink + " from 200,000 calls");
  }
}
