package dev.kiln.nn;

import static dev.kiln.nn.NormFixtures.FWD_ATOL;
import static dev.kiln.nn.NormFixtures.FWD_RTOL;
import static dev.kiln.nn.NormFixtures.GRAD_ATOL;
import static dev.kiln.nn.NormFixtures.GRAD_RTOL;
import static dev.kiln.nn.NormFixtures.assertClose;
import static dev.kiln.nn.NormFixtures.get;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.kiln.tensor.GradCheck;
import dev.kiln.tensor.Tensor;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** GroupNorm against PyTorch 1.13 fixtures, in both modes; gradient check; repr and errors. */
class GroupNormTest {
  private static final Map<String, Tensor> F = NormFixtures.load("groupnorm.safetensors");

  private static void replay(String name, GroupNorm gn) {
    if (gn.weight() != null) {
      gn.loadStateDict(Map.of("weight", get(F, name + "/weight"), "bias", get(F, name + "/bias")));
    }
    for (boolean training : new boolean[] {true, false}) {
      if (training) {
        gn.train();
      } else {
        gn.eval();
      }
      String mode = name + (training ? " train" : " eval");
      if (gn.weight() != null) {
        gn.weight().setGrad(null);
        gn.bias().setGrad(null);
      }
      Tensor x = get(F, name + "/x").detach().requiresGrad(true);
      Tensor y = gn.apply(x);
      assertClose(get(F, name + "/y"), y, FWD_ATOL, FWD_RTOL, mode + " y");
      y.backward(get(F, name + "/dy"));
      assertClose(get(F, name + "/dx"), x.grad(), GRAD_ATOL, GRAD_RTOL, mode + " dx");
      if (gn.weight() != null) {
        assertClose(get(F, name + "/dweight"), gn.weight().grad(), GRAD_ATOL, GRAD_RTOL,
            mode + " dweight");
        assertClose(get(F, name + "/dbias"), gn.bias().grad(), GRAD_ATOL, GRAD_RTOL,
            mode + " dbias");
      }
    }
  }

  @Test
  void matchesTorch() {
    replay("g2c6", new GroupNorm(2, 6));
    replay("g3c6_plain", new GroupNorm(3, 6, 1e-5f, false));
    replay("g1c4_eps", new GroupNorm(1, 4).eps(1e-3f));
    replay("g4c4", new GroupNorm(4, 4));
  }

  @Test
  void gradCheck() {
    Rng.manualSeed(5);
    GroupNorm gn = new GroupNorm(2, 4);
    Init.uniform(gn.weight(), 0.5, 1.5);
    Init.uniform(gn.bias(), -0.5, 0.5);
    Tensor x = GradCheck.leaf(51, 2.0, 3, 4, 2, 3);
    GradCheck.check(() -> gn.apply(x), x, gn.weight(), gn.bias());
    GroupNorm plain = new GroupNorm(3, 6).affine(false);
    Tensor x1 = GradCheck.leaf(52, 2.0, 2, 6, 3);
    GradCheck.check(() -> plain.apply(x1), x1);
  }

  @Test
  void reprKeysAndErrors() {
    assertEquals("GroupNorm(2, 6, eps=1e-05, affine=True)", new GroupNorm(2, 6).toString());
    assertEquals("GroupNorm(3, 6, eps=0.001, affine=False)",
        new GroupNorm(3, 6, 1e-3f, false).toString());
    assertEquals(List.of("weight", "bias"), List.copyOf(new GroupNorm(2, 6).stateDict().keySet()));
    assertNull(new GroupNorm(2, 6).affine(false).weight());
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> new GroupNorm(4, 6));
    assertEquals("GroupNorm(4, 6): num_channels must be divisible by num_groups (both positive)",
        e.getMessage());
    e = assertThrows(IllegalArgumentException.class,
        () -> new GroupNorm(2, 6).apply(Tensor.zeros(2, 4, 3)));
    assertEquals("GroupNorm(2, 6) expects input (N, 6, *) but got (2, 4, 3)", e.getMessage());
  }
}
