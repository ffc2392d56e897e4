package dev.kiln.examples.text;

import dev.kiln.Forward;
import dev.kiln.Layer;
import dev.kiln.Model;
import dev.kiln.Shape;
import dev.kiln.nn.Embedding;
import dev.kiln.nn.LayerNorm;
import dev.kiln.nn.Linear;
import dev.kiln.nn.Mask;
import dev.kiln.nn.Module;
import dev.kiln.nn.ModuleList;
import dev.kiln.nn.PositionalEncoding;
import dev.kiln.nn.TransformerEncoderLayer;
import dev.kiln.tensor.Tensor;

/**
 * The character transformer of issue 17: token ids {@code (B, T)} to next-character logits
 * {@code (B, T, vocab)}; embedding, the sinusoidal table (no dropout), pre-norm GELU encoder
 * layers with a causal mask, a final LayerNorm and a linear head.
 */
@Model
public abstract class CharTransformer extends Module {
  @Layer final Embedding embed;
  @Layer final PositionalEncoding pos;
  @Layer final ModuleList<TransformerEncoderLayer> blocks;
  @Layer final LayerNorm norm;
  @Layer final Linear head;

  CharTransformer(int vocab, int d, int heads, int layers, float dropout, int maxLen) {
    embed = new Embedding(vocab, d);
    pos = new PositionalEncoding(d, maxLen).dropout(0f);
    blocks = new ModuleList<>();
    for (int i = 0; i < layers; i++) {
      blocks.add(new TransformerEncoderLayer(d, heads).dimFeedforward(4 * d).dropout(dropout)
          .activation("gelu").batchFirst(true).normFirst(true));
    }
    norm = new LayerNorm(d);
    head = new Linear(d, vocab);
  }

  @Forward
  public Tensor forward(@Shape("B, T") Tensor tokens) {
    Tensor h = pos.apply(embed.apply(tokens));
    for (TransformerEncoderLayer block : blocks) {
      h = block.apply(h, Mask.causal(tokens.size(1)));
    }
    return head.apply(norm.apply(h));
  }

  /** The flagship: {@code create(V, 128, 4, 2, 0.1f, 512)}. */
  public static CharTransformer create(int vocab, int d, int heads, int layers, float dropout,
      int maxLen) {
    return new KilnCharTransformer(vocab, d, heads, layers, dropout, maxLen);
  }
}
