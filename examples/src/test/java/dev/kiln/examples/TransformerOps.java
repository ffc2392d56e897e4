package dev.kiln.examples;

import dev.kiln.Forward;
import dev.kiln.Layer;
import dev.kiln.Model;
import dev.kiln.Shape;
import dev.kiln.nn.AttentionOutput;
import dev.kiln.nn.Embedding;
import dev.kiln.nn.F;
import dev.kiln.nn.LayerNorm;
import dev.kiln.nn.Linear;
import dev.kiln.nn.Mask;
import dev.kiln.nn.Module;
import dev.kiln.nn.ModuleList;
import dev.kiln.nn.MultiheadAttention;
import dev.kiln.nn.PositionalEncoding;
import dev.kiln.nn.TransformerEncoderLayer;
import dev.kiln.tensor.Tensor;

/**
 * The character transformer in small, plus a MultiheadAttention call with masks and
 * functional attention: token ids (B, T) to logits (B, T, 11).
 */
@Model
public abstract class TransformerOps extends Module {
  @Layer final Embedding embed = new Embedding(11, 8);
  @Layer final PositionalEncoding pos = new PositionalEncoding(8, 16).dropout(0f);
  @Layer final ModuleList<TransformerEncoderLayer> blocks;
  @Layer final MultiheadAttention mha = new MultiheadAttention(8, 2).batchFirst(true);
  @Layer final LayerNorm norm = new LayerNorm(8);
  @Layer final Linear head = new Linear(8, 11);

  TransformerOps(int layers) {
    blocks = new ModuleList<>();
    for (int i = 0; i < layers; i++) {
      blocks.add(new TransformerEncoderLayer(8, 2).dimFeedforward(16).dropout(0f)
          .activation("gelu").batchFirst(true).normFirst(true));
    }
  }

  @Forward
  public Tensor forward(@Shape("B, T") Tensor tokens, @Shape("B, T") Tensor padding) {
    Tensor h = pos.apply(embed.apply(tokens));
    for (TransformerEncoderLayer block : blocks) {
      h = block.apply(h, Mask.causal(tokens.size(1)), Mask.bool(padding));
    }
    AttentionOutput a = mha.apply(h, h, h, Mask.causal(tokens.size(1)));
    h = h.add(a.output()).add(a.weights().sum(2, true));
    Tensor s = F.scaledDotProductAttention(h, h, h, null, true);
    return head.apply(norm.apply(h.add(s)));
  }

  public static TransformerOps create(int layers) {
    return new KilnTransformerOps(layers);
  }
}
