package dev.kiln.examples.text;

import dev.kiln.Forward;
import dev.kiln.Layer;
import dev.kiln.Model;
import dev.kiln.Shape;
import dev.kiln.nn.Embedding;
import dev.kiln.nn.LSTM;
import dev.kiln.nn.Linear;
import dev.kiln.nn.Module;
import dev.kiln.tensor.Tensor;

/**
 * The text flagship's LSTM variant: token ids {@code (B, T)} to next-character logits
 * {@code (B, T, vocab)} through an embedding, a batch-first stacked LSTM and a linear head.
 */
@Model
public abstract class CharLstm extends Module {
  @Layer final Embedding embed;
  @Layer final LSTM lstm;
  @Layer final Linear head;

  CharLstm(int vocab, int embedDim, int hidden, int layers) {
    embed = new Embedding(vocab, embedDim);
    lstm = new LSTM(embedDim, hidden, layers).batchFirst(true);
    head = new Linear(hidden, vocab);
  }

  @Forward
  public Tensor forward(@Shape("B, T") Tensor tokens) {
    return head.apply(lstm.apply(embed.apply(tokens)).output());
  }

  /** The flagship: {@code create(V, 128, 256, 2)}. */
  public static CharLstm create(int vocab, int embedDim, int hidden, int layers) {
    return new KilnCharLstm(vocab, embedDim, hidden, layers);
  }
}
