package dev.kiln.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kiln.tensor.Tensor;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * Dropout and Dropout2d: mask statistics, exact 1/(1-p) scaling, identity in eval, the gradient
 * through the forward's mask, reproducibility with Rng.manualSeed, p validation, reprs.
 */
class DropoutTest {
  private static Tensor ones(int... shape) {
    float[] v = new float[dev.kiln.tensor.Shapes.numel(shape)];
    Arrays.fill(v, 1f);
    return Tensor.of(v, shape);
  }

  @Test
  void maskKeepsAboutOneMinusPScaledExactly() {
    Rng.manualSeed(1);
    float p = 0.3f;
    Dropout d = new Dropout(p);
    float[] y = d.apply(ones(200, 500)).toFloatArray();
    float scale = 1f / (1f - p);
    int kept = 0;
    for (float v : y) {
      assertTrue(v == 0f || v == scale, "every value is 0 or exactly 1/(1-p): " + v);
      kept += v == 0f ? 0 : 1;
    }
    // 100000 Bernoulli(0.7) draws: sd = sqrt(n p q) = 145; allow 5 sd
    assertEquals(70_000, kept, 5 * 145);
    // neighbouring elements are not correlated: P(both kept) ~ 0.49
    int both = 0;
    for (int i = 0; i + 1 < y.length; i += 2) {
      both += y[i] != 0 && y[i + 1] != 0 ? 1 : 0;
    }
    assertEquals(0.49 * 50_000, both, 5 * Math.sqrt(50_000 * 0.49 * 0.51));
  }

  @Test
  void scalingOfValues() {
    Rng.manualSeed(2);
    Tensor x = Rng.randn(64, 64);
    float[] in = x.toFloatArray();
    float[] y = new Dropout(0.25f).apply(x).toFloatArray();
    for (int i = 0; i < y.length; i++) {
      assertTrue(y[i] == 0f || y[i] == in[i] * (1f / 0.75f), "element " + i);
    }
  }

  @Test
  void evalAndZeroPAreIdentity() {
    Tensor x = Rng.randn(8, 9);
    Dropout d = new Dropout(0.5f);
    d.eval();
    assertArrayEquals(x.toFloatArray(), d.apply(x).toFloatArray());
    Dropout2d d2 = new Dropout2d(0.5f);
    d2.eval();
    Tensor x4 = Rng.randn(2, 3, 4, 4);
    assertArrayEquals(x4.toFloatArray(), d2.apply(x4).toFloatArray());
    assertArrayEquals(x.toFloatArray(), new Dropout(0f).apply(x).toFloatArray());
    Tensor g = x.detach().requiresGrad(true);
    d.apply(g).backward(ones(8, 9));
    assertArrayEquals(ones(8, 9).toFloatArray(), g.grad().toFloatArray(), "eval gradient is dy");
  }

  @Test
  void pOneZeroesEverything() {
    float[] y = new Dropout(1f).apply(Rng.randn(10, 10)).toFloatArray();
    for (float v : y) {
      assertTrue(v == 0f, "x * 0 (negative zero for negative x, as PyTorch): " + v);
    }
  }

  @Test
  void gradientUsesTheForwardsMask() {
    Rng.manualSeed(3);
    Tensor x = Rng.randn(30, 40).requiresGrad(true);
    float[] in = x.toFloatArray();
    Dropout d = new Dropout(0.4f);
    Tensor y = d.apply(x);
    d.apply(Rng.randn(30, 40)); // another call draws another mask; y's backward keeps its own
    Tensor dy = Rng.randn(30, 40);
    y.backward(dy);
    float[] out = y.toFloatArray();
    float[] g = x.grad().toFloatArray();
    float[] up = dy.toFloatArray();
    for (int i = 0; i < g.length; i++) {
      float mask = out[i] == 0f ? 0f : out[i] / in[i];
      assertEquals(up[i] * mask, g[i], 1e-5f * Math.abs(up[i] * mask) + 1e-7f, "element " + i);
    }
  }

  @Test
  void seededRunsRepeatAndSeedsDiffer() {
    Tensor x = ones(50, 50);
    Rng.manualSeed(42);
    float[] a = new Dropout(0.5f).apply(x).toFloatArray();
    float[] a2 = new Dropout(0.5f).apply(x).toFloatArray();
    Rng.manualSeed(42);
    float[] b = new Dropout(0.5f).apply(x).toFloatArray();
    Rng.manualSeed(43);
    float[] c = new Dropout(0.5f).apply(x).toFloatArray();
    assertArrayEquals(a, b);
    assertFalse(Arrays.equals(a, a2), "each call draws a fresh mask");
    assertFalse(Arrays.equals(a, c));
  }

  @Test
  void dropout2dZeroesWholeChannels() {
    Rng.manualSeed(4);
    Tensor x = Rng.randn(16, 32, 3, 5).requiresGrad(true);
    float[] in = x.toFloatArray();
    Tensor y = new Dropout2d(0.5f).apply(x);
    float[] out = y.toFloatArray();
    int dropped = 0;
    for (int ch = 0; ch < 16 * 32; ch++) {
      boolean zero = out[ch * 15] == 0f;
      dropped += zero ? 1 : 0;
      for (int j = 0; j < 15; j++) {
        int i = ch * 15 + j;
        assertEquals(zero ? 0f : in[i] * 2f, out[i], "channel " + ch + " element " + j);
      }
    }
    assertEquals(256, dropped, 5 * Math.sqrt(512 * 0.25));
    y.backward(ones(16, 32, 3, 5));
    float[] g = x.grad().toFloatArray();
    for (int i = 0; i < g.length; i++) {
      assertEquals(out[i / 15 * 15] == 0f ? 0f : 2f, g[i], "gradient " + i);
    }
  }

  @Test
  void pIsValidatedAndReprsAreTorchs() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> new Dropout(1.5f));
    assertEquals("Dropout: p must be in [0, 1], got 1.5", e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> new Dropout2d(-0.1f));
    assertEquals("Dropout2d: p must be in [0, 1], got -0.1", e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> new Dropout(Float.NaN));
    assertEquals("Dropout(p=0.25, inplace=False)", new Dropout(0.25f).toString());
    assertEquals("Dropout(p=0.5, inplace=False)", new Dropout().toString());
    assertEquals("Dropout2d(p=0.3, inplace=False)", new Dropout2d(0.3f).toString());
    e = assertThrows(IllegalArgumentException.class,
        () -> new Dropout2d(0.3f).apply(Tensor.zeros(4, 5)));
    assertEquals("Dropout2d expects input (N, C, H, W) or (N, C, L) but got (4, 5)",
        e.getMessage());
    assertEquals(0, new Dropout().stateDict().size());
  }
}
