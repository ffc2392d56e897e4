package dev.kiln.nn;

import static dev.kiln.nn.NormFixtures.FWD_ATOL;
import static dev.kiln.nn.NormFixtures.FWD_RTOL;
import static dev.kiln.nn.NormFixtures.GRAD_ATOL;
import static dev.kiln.nn.NormFixtures.GRAD_RTOL;
import static dev.kiln.nn.NormFixtures.assertClose;
import static dev.kiln.nn.NormFixtures.get;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.kiln.backend.cpu.CpuThreads;
import dev.kiln.tensor.GradCheck;
import dev.kiln.tensor.Tensor;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** LayerNorm against PyTorch 1.13 fixtures in both modes; gradient check; repr, keys, errors. */
class LayerNormTest {
  private static final Map<String, Tensor> F = SequenceFixtures.load("layernorm.safetensors");

  private static void replay(String name, LayerNorm ln) {
    if (ln.weight() != null) {
      ln.loadStateDict(Map.of("weight", get(F, name + "/weight"), "bias", get(F, name + "/bias")));
    }
    for (boolean training : new boolean[] {true, false}) {
      ln.train();
      if (!training) {
        ln.eval();
      }
      String mode = name + (training ? " train" : " eval");
      if (ln.weight() != null) {
        ln.weight().setGrad(null);
        ln.bias().setGrad(null);
      }
      Tensor x = get(F, name + "/x").detach().requiresGrad(true);
      Tensor y = ln.apply(x);
      assertClose(get(F, name + "/y"), y, FWD_ATOL, FWD_RTOL, mode + " y");
      y.backward(get(F, name + "/dy"));
      assertClose(get(F, name + "/dx"), x.grad(), GRAD_ATOL, GRAD_RTOL, mode + " dx");
      if (ln.weight() != null) {
        assertClose(get(F, name + "/dweight"), ln.weight().grad(), GRAD_ATOL, GRAD_RTOL,
            mode + " dweight");
        assertClose(get(F, name + "/dbias"), ln.bias().grad(), GRAD_ATOL, GRAD_RTOL,
            mode + " dbias");
      }
    }
  }

  @Test
  void matchesTorch() {
    replay("d16", new LayerNorm(16));
    replay("plain12", new LayerNorm(12).elementwiseAffine(false));
    replay("shape34_eps", new LayerNorm(3, 4).eps(1e-3f));
    replay("d37_offset", new LayerNorm(37));
    replay("d128", new LayerNorm(128));
  }

  @Test
  void gradCheck() {
    Rng.manualSeed(7);
    LayerNorm ln = new LayerNorm(5);
    Init.uniform(ln.weight(), 0.5, 1.5);
    Init.uniform(ln.bias(), -0.5, 0.5);
    Tensor x = GradCheck.leaf(71, 2.0, 3, 4, 5);
    GradCheck.check(() -> ln.apply(x), x, ln.weight(), ln.bias());
    LayerNorm plain = new LayerNorm(2, 3).elementwiseAffine(false);
    Tensor x1 = GradCheck.leaf(72, 2.0, 4, 2, 3);
    GradCheck.check(() -> plain.apply(x1), x1);
  }

  /** Many rows cross the blocks the threads share: the same bits with 1 and 3 threads. */
  @Test
  void resultsDoNotDependOnTheThreadCount() {
    int before = CpuThreads.get();
    float[][] runs = new float[2][];
    for (int t = 0; t < 2; t++) {
      CpuThreads.set(t == 0 ? 1 : 3);
      try {
        Rng.manualSeed(3);
        LayerNorm ln = new LayerNorm(96);
        Init.uniform(ln.weight(), 0.5, 1.5);
        Tensor x = Rng.randn(1000, 96).requiresGrad(true);
        Tensor y = ln.apply(x);
        y.backward(Rng.randn(1000, 96));
        runs[t] = concat(y, x.grad(), ln.weight().grad(), ln.bias().grad());
      } finally {
        CpuThreads.set(before);
      }
    }
    assertArrayEquals(runs[0], runs[1]);
  }

  private static float[] concat(Tensor... ts) {
    int n = 0;
    for (Tensor t : ts) {
      n += t.numel();
    }
    float[] out = new float[n];
    int off = 0;
    for (Tensor t : ts) {
      System.arraycopy(t.toFloatArray(), 0, out, off, t.numel());
      off += t.numel();
    }
    return out;
  }

  @Test
  void reprKeysAndErrors() {
    SequenceFixtures.assertReprAndKeys(0, new LayerNorm(64));
    SequenceFixtures.assertReprAndKeys(1, new LayerNorm(3, 4).eps(1e-3f)
        .elementwiseAffine(false));
    assertNull(new LayerNorm(8).elementwiseAffine(false).bias());
    assertArrayEquals(new float[] {1, 1, 1}, new LayerNorm(3).weight().toFloatArray());
    assertArrayEquals(new float[] {0, 0, 0}, new LayerNorm(3).bias().toFloatArray());
    assertArrayEquals(new int[] {3, 4}, new LayerNorm(3, 4).weight().shape());
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> new LayerNorm(64).apply(Tensor.zeros(2, 32)));
    assertEquals("LayerNorm((64,)) expects input (*, 64) but got (2, 32)", e.getMessage());
    e = assertThrows(IllegalArgumentException.class,
        () -> new LayerNorm(3, 4).apply(Tensor.zeros(4, 3)));
    assertEquals("LayerNorm((3, 4)) expects input (*, 3, 4) but got (4, 3)", e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> new LayerNorm(4, 0));
    assertEquals("LayerNorm((4, 0)): normalized_shape must be non-empty with positive sizes",
        e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> new LayerNorm(4).eps(0f));
    assertEquals("LayerNorm: eps must be positive and finite, got 0.0", e.getMessage());
  }
}
