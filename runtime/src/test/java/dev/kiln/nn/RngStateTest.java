package dev.kiln.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Rng's stream is SplittableRandom's, and its state saves and restores the position in it. */
class RngStateTest {
  @Test
  void streamEqualsSplittableRandomsForAnySeed() {
    for (long seed : new long[] {0, 1, -7, 42, Long.MIN_VALUE, 0x123456789abcdefL}) {
      Rng.manualSeed(seed);
      float[] drawn = new float[1000];
      Rng.uniform(drawn, 0, 1);
      SplittableRandom reference = new SplittableRandom(seed);
      float[] expected = new float[drawn.length];
      for (int i = 0; i < expected.length; i++) {
        expected[i] = (float) reference.nextDouble();
      }
      assertArrayEquals(expected, drawn, "seed " + seed);
    }
  }

  @Test
  void restoringTheStateRepeatsTheDraws() {
    Rng.manualSeed(9);
    Rng.randn(13);
    long state = Rng.state();
    float[] first = Rng.randn(5, 7).toFloatArray();
    Rng.manualSeed(123);
    Rng.rand(3);
    Rng.setState(state);
    assertArrayEquals(first, Rng.randn(5, 7).toFloatArray());
    assertEquals(Rng.state(), stateAfter(state, 5 * 7 + 1));
  }

  /** Box-Muller draws two uniforms per pair of samples: 35 samples take 36 uniforms. */
  private static long stateAfter(long state, int uniforms) {
    return state + uniforms * 0x9e3779b97f4a7c15L;
  }
}
