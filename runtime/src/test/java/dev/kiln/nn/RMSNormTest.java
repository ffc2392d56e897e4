package dev.kiln.nn;

import static dev.kiln.nn.NormFixtures.FWD_ATOL;
import static dev.kiln.nn.NormFixtures.FWD_RTOL;
import static dev.kiln.nn.NormFixtures.GRAD_ATOL;
import static dev.kiln.nn.NormFixtures.GRAD_RTOL;
import static dev.kiln.nn.NormFixtures.assertClose;
import static dev.kiln.nn.NormFixtures.get;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.kiln.tensor.GradCheck;
import dev.kiln.tensor.Tensor;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * RMSNorm against PyTorch 2.4's definition computed from 1.13 primitives (the fixture script says
 * how), in both modes; gradient check; repr, keys, errors.
 */
class RMSNormTest {
  private static final Map<String, Tensor> F = SequenceFixtures.load("rmsnorm.safetensors");

  private static void replay(String name, RMSNorm rms) {
    if (rms.weight() != null) {
      rms.loadStateDict(Map.of("weight", get(F, name + "/weight")));
    }
    for (boolean training : new boolean[] {true, false}) {
      rms.train();
      if (!training) {
        rms.eval();
      }
      String mode = name + (training ? " train" : " eval");
      if (rms.weight() != null) {
        rms.weight().setGrad(null);
      }
      Tensor x = get(F, name + "/x").detach().requiresGrad(true);
      Tensor y = rms.apply(x);
      assertClose(get(F, name + "/y"), y, FWD_ATOL, FWD_RTOL, mode + " y");
      y.backward(get(F, name + "/dy"));
      assertClose(get(F, name + "/dx"), x.grad(), GRAD_ATOL, GRAD_RTOL, mode + " dx");
      if (rms.weight() != null) {
        assertClose(get(F, name + "/dweight"), rms.weight().grad(), GRAD_ATOL, GRAD_RTOL,
            mode + " dweight");
      }
    }
  }

  @Test
  void matchesTorch() {
    replay("d16", new RMSNorm(16));
    replay("plain12_eps", new RMSNorm(12).eps(1e-3f).elementwiseAffine(false));
    replay("shape34", new RMSNorm(3, 4).eps(1e-6f));
    replay("d128", new RMSNorm(128));
  }

  @Test
  void gradCheck() {
    Rng.manualSeed(8);
    RMSNorm rms = new RMSNorm(6);
    Init.uniform(rms.weight(), 0.5, 1.5);
    Tensor x = GradCheck.leaf(81, 2.0, 3, 2, 6);
    GradCheck.check(() -> rms.apply(x), x, rms.weight());
    RMSNorm plain = new RMSNorm(2, 3).elementwiseAffine(false).eps(1e-3f);
    Tensor x1 = GradCheck.leaf(82, 2.0, 4, 2, 3);
    GradCheck.check(() -> plain.apply(x1), x1);
  }

  @Test
  void reprKeysAndErrors() {
    assertEquals("RMSNorm((64,), eps=None, elementwise_affine=True)", new RMSNorm(64).toString());
    assertEquals("RMSNorm((3, 4), eps=1e-06, elementwise_affine=False)",
        new RMSNorm(3, 4).eps(1e-6f).elementwiseAffine(false).toString());
    assertEquals(1.1920929e-07f, new RMSNorm(4).eps());
    assertEquals(List.of("weight"), List.copyOf(new RMSNorm(8).stateDict().keySet()));
    assertEquals(List.of(), List.copyOf(new RMSNorm(8).elementwiseAffine(false).stateDict()
        .keySet()));
    assertArrayEquals(new float[] {1, 1}, new RMSNorm(2).weight().toFloatArray());
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> new RMSNorm(64).apply(Tensor.zeros(2, 32)));
    assertEquals("RMSNorm((64,)) expects input (*, 64) but got (2, 32)", e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> new RMSNorm());
    assertEquals("RMSNorm(()): normalized_shape must be non-empty with positive sizes",
        e.getMessage());
  }
}
