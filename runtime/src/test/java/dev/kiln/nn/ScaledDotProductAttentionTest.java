package dev.kiln.nn;

import static dev.kiln.nn.AttentionFixtures.get;
import static dev.kiln.nn.AttentionFixtures.leaf;
import static dev.kiln.nn.NormFixtures.assertClose;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.kiln.tensor.GradCheck;
import dev.kiln.tensor.Tensor;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * F.scaledDotProductAttention against torch 2.0's definition computed from 1.13 primitives
 * (the fixture script says how): 4-D and 3-D batches, a shared (L, S) mask, causal, causal with
 * a full (..., L, S) mask, Ev != E; a gradient check; the shape message.
 */
class ScaledDotProductAttentionTest {
  private static final Map<String, Tensor> F = AttentionFixtures.load("sdpa.safetensors");

  @ParameterizedTest
  @ValueSource(strings = {"plain", "mask", "causal", "causal_mask_full"})
  void matchesReference(String c) {
    Tensor q = leaf(F, c + "/q");
    Tensor k = leaf(F, c + "/k");
    Tensor v = leaf(F, c + "/v");
    Mask m = F.containsKey(c + "/mask") ? Mask.additive(F.get(c + "/mask")) : null;
    Tensor y = dev.kiln.nn.F.scaledDotProductAttention(q, k, v, m, c.startsWith("causal"));
    assertClose(get(F, c + "/out"), y, NormFixtures.FWD_ATOL, NormFixtures.FWD_RTOL, c + " out");
    y.backward(get(F, c + "/dout"));
    assertClose(get(F, c + "/dq"), q.grad(), NormFixtures.GRAD_ATOL, NormFixtures.GRAD_RTOL, c);
    assertClose(get(F, c + "/dk"), k.grad(), NormFixtures.GRAD_ATOL, NormFixtures.GRAD_RTOL, c);
    assertClose(get(F, c + "/dv"), v.grad(), NormFixtures.GRAD_ATOL, NormFixtures.GRAD_RTOL, c);
  }

  @Test
  void gradCheck() {
    Tensor q = GradCheck.leaf(1, 1.0, 2, 3, 4);
    Tensor k = GradCheck.leaf(2, 1.0, 2, 5, 4);
    Tensor v = GradCheck.leaf(3, 1.0, 2, 5, 3);
    Mask m = Mask.additive(GradCheck.leaf(4, 1.0, 3, 5).detach());
    GradCheck.checkWith(List.of(m.tensor()),
        () -> dev.kiln.nn.F.scaledDotProductAttention(q, k, v, m, true), q, k, v);
  }

  @Test
  void shapeMessage() {
    assertEquals("scaled_dot_product_attention expects query (..., L, E), key (..., S, E) and"
        + " value (..., S, Ev) with the same batch dimensions, got (2, 3, 4), (2, 5, 3), (2, 5, 3)",
        assertThrows(IllegalArgumentException.class, () -> dev.kiln.nn.F.scaledDotProductAttention(
            Tensor.zeros(2, 3, 4), Tensor.zeros(2, 5, 3), Tensor.zeros(2, 5, 3))).getMessage());
  }
}
