package dev.kiln.examples.text;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kiln.nn.Rng;
import dev.kiln.tensor.Device;
import org.junit.jupiter.api.Test;

/** Sampling: multinomial from softmax(logits / temperature), seeded. */
class CharSamplerTest {
  private static final float[] LOGITS = {1f, 2f, 0.5f, 3f};

  @Test
  void frequenciesFollowTheTemperedSoftmax() {
    for (double temperature : new double[] {1.0, 0.5, 2.0}) {
      double[] p = softmax(LOGITS, temperature);
      int[] counts = new int[LOGITS.length];
      SplitMix64 g = new SplitMix64(3);
      int n = 40_000;
      for (int i = 0; i < n; i++) {
        counts[CharSampler.pick(LOGITS, 0, LOGITS.length, temperature, g)]++;
      }
      for (int k = 0; k < LOGITS.length; k++) {
        double sd = Math.sqrt(p[k] * (1 - p[k]) / n);
        assertEquals(p[k], counts[k] / (double) n, 5 * sd,
            "class " + k + " at temperature " + temperature);
      }
    }
  }

  @Test
  void lowerTemperatureConcentratesAndZeroIsGreedy() {
    assertTrue(softmax(LOGITS, 0.5)[3] > softmax(LOGITS, 1)[3]);
    SplitMix64 g = new SplitMix64(0);
    for (int i = 0; i < 100; i++) {
      assertEquals(3, CharSampler.pick(LOGITS, 0, 4, 0.0, g));
    }
    float[] padded = {9f, 9f, 1f, 2f, 0.5f, 3f};
    assertEquals(3, CharSampler.pick(padded, 2, 4, 0.0, g), "offset into the row");
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> CharSampler.pick(LOGITS, 0, 4, -1, new SplitMix64(0)));
    assertEquals("temperature must be finite and >= 0, got -1.0", e.getMessage());
  }

  @Test
  void pickUsesTheCumulativeSumOfOneDraw() {
    // u = nextDouble() * total; the first index whose running sum exceeds u.
    SplitMix64 probe = new SplitMix64(11);
    double u = probe.nextDouble();
    double[] p = softmax(LOGITS, 1);
    int expected = 0;
    double run = p[0];
    while (run <= u) {
      run += p[++expected];
    }
    assertEquals(expected, CharSampler.pick(LOGITS, 0, 4, 1.0, new SplitMix64(11)));
  }

  @Test
  void sameSeedSameTextOtherSeedOtherText() {
    CharCorpus c = CharCorpus.bundledSample();
    Rng.manualSeed(1);
    CharBigram m = new CharBigram(c.vocabSize());
    String a = CharSampler.sample(m, c, "The ", 80, 64, 1.0, 5, Device.cpu());
    String b = CharSampler.sample(m, c, "The ", 80, 64, 1.0, 5, Device.cpu());
    String other = CharSampler.sample(m, c, "The ", 80, 64, 1.0, 6, Device.cpu());
    assertEquals(80, a.length());
    assertEquals(a, b);
    assertNotEquals(a, other);
    assertTrue(m.isTraining(), "the training mode is restored");
    // Greedy decoding of a bigram repeats its argmax chain: deterministic without a seed.
    assertEquals(CharSampler.sample(m, c, "a", 30, 64, 0.0, 1, Device.cpu()),
        CharSampler.sample(m, c, "a", 30, 64, 0.0, 2, Device.cpu()));
  }

  private static double[] softmax(float[] logits, double temperature) {
    double[] p = new double[logits.length];
    double total = 0;
    for (int i = 0; i < logits.length; i++) {
      p[i] = Math.exp(logits[i] / temperature);
      total += p[i];
    }
    for (int i = 0; i < p.length; i++) {
      p[i] /= total;
    }
    return p;
  }
}
