package dev.kiln.nn;

import static dev.kiln.nn.AttentionFixtures.assertParamGrads;
import static dev.kiln.nn.AttentionFixtures.get;
import static dev.kiln.nn.AttentionFixtures.leaf;
import static dev.kiln.nn.NormFixtures.FWD_ATOL;
import static dev.kiln.nn.NormFixtures.FWD_RTOL;
import static dev.kiln.nn.NormFixtures.GRAD_ATOL;
import static dev.kiln.nn.NormFixtures.GRAD_RTOL;
import static dev.kiln.nn.NormFixtures.assertClose;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kiln.tensor.GradCheck;
import dev.kiln.tensor.Tensor;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/**
 * MultiheadAttention against PyTorch 1.13 (tools/fixtures/make_attention_fixtures.py): outputs,
 * weights, input and parameter gradients for self- and cross-attention, both layouts, causal,
 * additive (L, S) and (B * H, L, S), bool attention and key padding masks, per-head and no
 * weights, no bias, evaluation with dropout set; eagerly and through the Workspace forms a
 * compiled model calls (twice on one workspace). Also keys, repr, init, messages, a gradient
 * check and dropout.
 */
class MultiheadAttentionTest {
  private static final Map<String, Tensor> F = AttentionFixtures.load("mha.safetensors");

  private static MultiheadAttention layer(String c) {
    Tensor w = get(F, c + "/in_proj_weight");
    int e = w.size(1);
    int heads = c.equals("self_mask3d_bool_padding") ? 4 : e == 12 ? 3 : 2;
    MultiheadAttention m = new MultiheadAttention(e, heads).bias(!c.contains("nobias"))
        .batchFirst(c.contains("_bf")).needWeights(!c.contains("noweights"))
        .averageAttnWeights(!c.contains("heads"));
    if (c.contains("eval")) {
      m.dropout(0.3f).eval();
    }
    m.loadStateDict(AttentionFixtures.state(F, c, m));
    return m;
  }

  private static Mask attnMask(String c) {
    if (F.containsKey(c + "/attn_mask")) {
      return Mask.additive(F.get(c + "/attn_mask"));
    }
    return F.containsKey(c + "/attn_mask_bool") ? Mask.bool(F.get(c + "/attn_mask_bool")) : null;
  }

  private static Mask padding(String c) {
    Tensor t = F.get(c + "/key_padding_mask_bool");
    return t == null ? null : Mask.bool(t);
  }

  @ParameterizedTest
  @ValueSource(strings = {"self", "self_bf_causal", "cross_padding_heads",
      "cross_bf_float_noweights", "self_mask3d_bool_padding", "cross_bf_bool_mask", "self_nobias",
      "self_bf_eval_dropout"})
  void eagerMatchesPyTorch(String c) {
    MultiheadAttention m = layer(c);
    boolean self = !F.containsKey(c + "/key");
    Tensor q = leaf(F, c + "/query");
    Tensor k = self ? q : leaf(F, c + "/key");
    Tensor v = self ? q : leaf(F, c + "/value");
    AttentionOutput r = m.apply(q, k, v, attnMask(c), padding(c));
    assertClose(get(F, c + "/out"), r.output(), FWD_ATOL, FWD_RTOL, c + " out");
    r.output().backward(get(F, c + "/dout"));
    if (F.containsKey(c + "/weights")) {
      assertClose(get(F, c + "/weights"), r.weights(), FWD_ATOL, FWD_RTOL, c + " weights");
      r.weights().backward(get(F, c + "/dweights"));
    } else {
      assertNull(r.weights());
    }
    assertClose(get(F, c + "/dquery"), q.grad(), GRAD_ATOL, GRAD_RTOL, c + " dquery");
    if (!self) {
      assertClose(get(F, c + "/dkey"), k.grad(), GRAD_ATOL, GRAD_RTOL, c + " dkey");
      assertClose(get(F, c + "/dvalue"), v.grad(), GRAD_ATOL, GRAD_RTOL, c + " dvalue");
    }
    assertParamGrads(F, c, m);
  }

  @ParameterizedTest
  @ValueSource(strings = {"self", "self_bf_causal", "cross_padding_heads",
      "cross_bf_float_noweights", "self_mask3d_bool_padding", "self_nobias"})
  void workspaceFormsMatchPyTorchTwice(String c) {
    MultiheadAttention m = layer(c);
    boolean self = !F.containsKey(c + "/key");
    Tensor q = get(F, c + "/query");
    Tensor k = self ? q : get(F, c + "/key");
    Tensor v = self ? q : get(F, c + "/value");
    Mask am = attnMask(c);
    Mask pm = padding(c);
    Tensor[] in = {q, k, v, am == null ? null : am.tensor(), pm == null ? null : pm.tensor()};
    int[][] shapes = m.outputShapes(new int[][] {q.shape(), k.shape(), v.shape(),
        am == null ? null : am.shape(), pm == null ? null : pm.shape()});
    Workspace ws = new Workspace();
    for (int round = 0; round < 2; round++) {
      m.zeroGrad();
      Tensor[] out = {Tensor.zeros(shapes[0]), shapes[1] == null ? null : Tensor.zeros(shapes[1])};
      m.forwardInto(in, out, ws);
      assertClose(get(F, c + "/out"), out[0], FWD_ATOL, FWD_RTOL, c + " out");
      Tensor[] dOut = {get(F, c + "/dout"), out[1] == null ? null : get(F, c + "/dweights")};
      Tensor[] dIn = {Tensor.zerosLike(q), Tensor.zerosLike(k), Tensor.zerosLike(v), null, null};
      m.backwardInto(in, out, dOut, dIn, ws);
      Tensor dq = self ? dIn[0].add(dIn[1]).add(dIn[2]) : dIn[0];
      assertClose(get(F, c + "/dquery"), dq, GRAD_ATOL, GRAD_RTOL, c + " dquery");
      if (!self) {
        assertClose(get(F, c + "/dkey"), dIn[1], GRAD_ATOL, GRAD_RTOL, c + " dkey");
        assertClose(get(F, c + "/dvalue"), dIn[2], GRAD_ATOL, GRAD_RTOL, c + " dvalue");
      }
      assertParamGrads(F, c, m);
    }
  }

  @Test
  void keysReprAndMessages() {
    MultiheadAttention m = new MultiheadAttention(8, 2);
    assertEquals(List.of("in_proj_weight", "in_proj_bias", "out_proj.weight", "out_proj.bias"),
        List.copyOf(m.stateDict().keySet()));
    assertEquals("MultiheadAttention(\n  (out_proj): NonDynamicallyQuantizableLinear("
        + "in_features=8, out_features=8, bias=True)\n)", m.toString());
    m.bias(false);
    assertEquals(List.of("in_proj_weight", "out_proj.weight"), List.copyOf(m.stateDict().keySet()));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> new MultiheadAttention(10, 3));
    assertEquals("embed_dim must be divisible by num_heads", e.getMessage());
    e = assertThrows(IllegalArgumentException.class,
        () -> m.outputShapes(new int[][] {{5, 3, 8}, {4, 2, 8}, {4, 2, 8}, null, null}));
    assertEquals("MultiheadAttention(embed_dim=8, num_heads=2) expects query (L, B, 8), key and"
        + " value (S, B, 8) but got (5, 3, 8), (4, 2, 8), (4, 2, 8)", e.getMessage());
    e = assertThrows(IllegalArgumentException.class,
        () -> m.outputShapes(new int[][] {{5, 3, 8}, {4, 3, 8}, {4, 3, 8}, {5, 5}, null}));
    assertEquals("MultiheadAttention: the attn_mask should be (5, 4) or (6, 5, 4), got (5, 5)",
        e.getMessage());
  }

  @Test
  void initAsPyTorch() {
    MultiheadAttention m = new MultiheadAttention(64, 4);
    double bound = Math.sqrt(6.0 / (64 + 3 * 64));
    float[] w = m.inProjWeight().toFloatArray();
    double max = 0;
    double sq = 0;
    for (float x : w) {
      max = Math.max(max, Math.abs(x));
      sq += x * x;
    }
    assertTrue(max <= bound && max > 0.95 * bound, "xavier bound " + max);
    double var = sq / w.length;
    assertEquals(bound * bound / 3, var, 0.1 * bound * bound / 3, "uniform variance");
    for (float x : m.inProjBias().toFloatArray()) {
      assertEquals(0f, x);
    }
    for (float x : m.outProj().bias().toFloatArray()) {
      assertEquals(0f, x);
    }
    for (float x : m.outProj().weight().toFloatArray()) {
      assertTrue(Math.abs(x) <= 1 / Math.sqrt(64));
    }
  }

  @Test
  void gradCheckCrossAttentionWithMasks() {
    MultiheadAttention m = new MultiheadAttention(6, 2).batchFirst(true);
    Tensor q = GradCheck.leaf(1, 1.0, 2, 3, 6);
    Tensor k = GradCheck.leaf(2, 1.0, 2, 4, 6);
    Tensor v = GradCheck.leaf(3, 1.0, 2, 4, 6);
    Mask am = Mask.additive(GradCheck.leaf(4, 1.0, 3, 4).detach());
    Mask pm = Mask.bool(Tensor.of(new float[] {0, 0, 0, 1, 0, 1, 0, 0}, 2, 4));
    m.requiresGrad(false);
    m.inProjWeight().requiresGrad(true);
    GradCheck.checkWith(List.of(m.inProjBias(), m.outProj().weight(), m.outProj().bias(),
        am.tensor(), pm.tensor()), () -> {
          return m.apply(q, k, v, am, pm).output();
        }, q, k, v, m.inProjWeight());
  }

  @Test
  void gradCheckSelfAttentionWeights() {
    MultiheadAttention m = new MultiheadAttention(4, 2).averageAttnWeights(false);
    m.requiresGrad(false);
    Tensor x = GradCheck.leaf(5, 1.0, 3, 2, 4);
    Mask causal = Mask.causal(3);
    List<Tensor> constants = new java.util.ArrayList<>(m.parameters());
    constants.add(causal.tensor());
    GradCheck.checkWith(constants, () -> m.apply(x, x, x, causal).weights(), x);
  }

  @Test
  void dropoutOnWeightsInTrainingOnly() {
    MultiheadAttention m = new MultiheadAttention(8, 2).dropout(0.5f);
    Tensor x = dev.kiln.nn.Rng.randn(5, 2, 8);
    Rng.manualSeed(3);
    Tensor a = m.apply(x, x, x).weights();
    Rng.manualSeed(3);
    Tensor b = m.apply(x, x, x).weights();
    assertClose(a, b, 0, 0, "same seed, same dropout");
    int zeros = 0;
    for (float f : a.toFloatArray()) {
      zeros += f == 0 ? 1 : 0;
    }
    m.eval();
    Tensor c = m.apply(x, x, x).weights();
    float[] cv = c.toFloatArray();
    for (int i = 0; i < cv.length; i += 5) {
      float row = 0;
      for (int j = 0; j < 5; j++) {
        row += cv[i + j];
      }
      assertEquals(1f, row, 1e-5f, "eval rows are plain softmax");
    }
    assertTrue(zeros > 0 || !java.util.Arrays.equals(a.toFloatArray(), cv),
        "training dropout changed the weights");
  }
}
