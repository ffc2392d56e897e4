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
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.kiln.tensor.GradCheck;
import dev.kiln.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * TransformerEncoderLayer and TransformerEncoder against PyTorch 1.13: post-norm relu, pre-norm
 * gelu batch-first with a causal and a key padding mask, an additive float mask in evaluation
 * with dropout set, another eps; a two-layer encoder with a final norm; eagerly and through the
 * Workspace forms twice. Also keys, repr, messages, copies and a gradient check.
 */
class TransformerEncoderLayerTest {
  private static final Map<String, Tensor> F = AttentionFixtures.load("tel.safetensors");

  private static TransformerEncoderLayer layer(String c) {
    return switch (c) {
      case "post_relu" -> new TransformerEncoderLayer(8, 2).dimFeedforward(16).dropout(0f);
      case "pre_gelu_bf_causal_padding", "encoder" -> new TransformerEncoderLayer(8, 2)
          .dimFeedforward(16).dropout(0f).activation("gelu").batchFirst(true).normFirst(true);
      case "post_float_mask_eval" -> new TransformerEncoderLayer(8, 4).dimFeedforward(12);
      case "post_eps_bf_padding" -> new TransformerEncoderLayer(12, 3).dimFeedforward(20)
          .dropout(0f).layerNormEps(1e-3f).batchFirst(true);
      default -> new TransformerEncoderLayer(8, 2).dimFeedforward(16);
    };
  }

  private static MultiModule module(String c) {
    MultiModule m = layer(c);
    if (c.equals("encoder")) {
      m = new TransformerEncoder((TransformerEncoderLayer) m, 2).norm(new LayerNorm(8));
    } else if (c.equals("encoder_post_eval")) {
      m = new TransformerEncoder((TransformerEncoderLayer) m, 2);
    }
    if (c.contains("eval")) {
      m.eval();
    }
    m.loadStateDict(AttentionFixtures.state(F, c, m));
    return m;
  }

  private static Tensor apply(MultiModule m, Tensor x, Mask mask, Mask pad) {
    return m instanceof TransformerEncoder e ? e.apply(x, mask, pad)
        : ((TransformerEncoderLayer) m).apply(x, mask, pad);
  }

  private static Mask mask(String c) {
    Tensor t = F.get(c + "/src_mask");
    return t == null ? null : Mask.additive(t);
  }

  private static Mask pad(String c) {
    Tensor t = F.get(c + "/src_key_padding_mask_bool");
    return t == null ? null : Mask.bool(t);
  }

  @ParameterizedTest
  @ValueSource(strings = {"post_relu", "pre_gelu_bf_causal_padding", "post_float_mask_eval",
      "post_eps_bf_padding", "encoder", "encoder_post_eval"})
  void eagerMatchesPyTorch(String c) {
    MultiModule m = module(c);
    Tensor x = leaf(F, c + "/src");
    Tensor y = apply(m, x, mask(c), pad(c));
    assertClose(get(F, c + "/out"), y, FWD_ATOL, FWD_RTOL, c + " out");
    y.backward(get(F, c + "/dout"));
    assertClose(get(F, c + "/dsrc"), x.grad(), GRAD_ATOL, GRAD_RTOL, c + " dsrc");
    assertParamGrads(F, c, m);
  }

  @ParameterizedTest
  @ValueSource(strings = {"post_relu", "pre_gelu_bf_causal_padding", "encoder"})
  void workspaceFormsMatchPyTorchTwice(String c) {
    MultiModule m = module(c);
    Tensor x = get(F, c + "/src");
    Mask mk = mask(c);
    Mask pd = pad(c);
    Tensor[] in = {x, mk == null ? null : mk.tensor(), pd == null ? null : pd.tensor()};
    Workspace ws = new Workspace();
    for (int round = 0; round < 2; round++) {
      m.zeroGrad();
      Tensor[] out = {Tensor.zeros(x.shape())};
      m.forwardInto(in, out, ws);
      assertClose(get(F, c + "/out"), out[0], FWD_ATOL, FWD_RTOL, c + " out");
      Tensor[] dIn = {Tensor.zerosLike(x), null, null};
      m.backwardInto(in, out, new Tensor[] {get(F, c + "/dout")}, dIn, ws);
      assertClose(get(F, c + "/dsrc"), dIn[0], GRAD_ATOL, GRAD_RTOL, c + " dsrc");
      assertParamGrads(F, c, m);
    }
  }

  @Test
  void keysReprMessagesAndCopies() {
    TransformerEncoderLayer l = new TransformerEncoderLayer(8, 2).dimFeedforward(16);
    assertEquals(List.of("self_attn.in_proj_weight", "self_attn.in_proj_bias",
        "self_attn.out_proj.weight", "self_attn.out_proj.bias", "linear1.weight", "linear1.bias",
        "linear2.weight", "linear2.bias", "norm1.weight", "norm1.bias", "norm2.weight",
        "norm2.bias"), List.copyOf(l.stateDict().keySet()));
    assertEquals("""
        TransformerEncoderLayer(
          (self_attn): MultiheadAttention(
            (out_proj): NonDynamicallyQuantizableLinear(in_features=8, out_features=8, bias=True)
          )
          (linear1): Linear(in_features=8, out_features=16, bias=True)
          (dropout): Dropout(p=0.1, inplace=False)
          (linear2): Linear(in_features=16, out_features=8, bias=True)
          (norm1): LayerNorm((8,), eps=1e-05, elementwise_affine=True)
          (norm2): LayerNorm((8,), eps=1e-05, elementwise_affine=True)
          (dropout1): Dropout(p=0.1, inplace=False)
          (dropout2): Dropout(p=0.1, inplace=False)
        )""", l.toString());
    assertEquals("embed_dim must be divisible by num_heads",
        assertThrows(IllegalArgumentException.class, () -> new TransformerEncoderLayer(10, 4))
            .getMessage());
    assertEquals("activation should be relu/gelu, not tanh",
        assertThrows(IllegalArgumentException.class, () -> l.activation("tanh")).getMessage());
    TransformerEncoder e = new TransformerEncoder(l, 2).norm(new LayerNorm(8));
    List<String> keys = List.copyOf(e.stateDict().keySet());
    assertEquals("layers.0.self_attn.in_proj_weight", keys.get(0));
    assertEquals("layers.1.self_attn.in_proj_weight", keys.get(12));
    assertEquals(List.of("norm.weight", "norm.bias"), keys.subList(24, 26));
    // deep copies: equal values, separate storage
    assertClose(l.selfAttn().inProjWeight(), e.layers().get(1).selfAttn().inProjWeight(), 0, 0,
        "copied values");
    e.layers().get(0).selfAttn().inProjWeight().device().kernels()
        .fill(e.layers().get(0).selfAttn().inProjWeight(), 7f);
    assertEquals(7f, e.layers().get(0).selfAttn().inProjWeight().toFloatArray()[0]);
    assertEquals(l.selfAttn().inProjWeight().toFloatArray()[1],
        e.layers().get(1).selfAttn().inProjWeight().toFloatArray()[1]);
  }

  @Test
  void gradCheckPreNormGelu() {
    TransformerEncoderLayer l = new TransformerEncoderLayer(4, 2).dimFeedforward(6).dropout(0f)
        .activation("gelu").normFirst(true).batchFirst(true);
    l.requiresGrad(false);
    Tensor x = GradCheck.leaf(9, 1.0, 2, 3, 4);
    Mask causal = Mask.causal(3);
    List<Tensor> constants = new ArrayList<>(l.parameters());
    constants.add(causal.tensor());
    GradCheck.checkWith(constants, () -> l.apply(x, causal), x);
  }
}
