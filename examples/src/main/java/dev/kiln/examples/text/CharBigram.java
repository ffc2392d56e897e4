package dev.kiln.examples.text;

import dev.kiln.nn.Linear;
import dev.kiln.nn.Module;
import dev.kiln.tensor.Tensor;

/**
 * A bigram baseline, {@code logits = Linear(V, V)(one_hot(tokens))}: the next character's
 * distribution given the current one only. It needs no sequence layers, so the flagship's
 * pipeline (data, batches, evaluation, sampling, files) runs and is tested with it; its best
 * validation bits per character on the fortunes is about 3.8 (a unigram model's 4.7),
 * the bound that the transformer and the LSTM must beat.
 */
public final class CharBigram extends Module implements CharModel {
  private final int vocab;
  private final Linear table;

  public CharBigram(int vocab) {
    this.vocab = vocab;
    this.table = registerModule("table", new Linear(vocab, vocab));
  }

  @Override
  public Tensor forward(Tensor tokens) {
    return table.apply(oneHot(tokens, vocab));
  }

  @Override
  public Module module() {
    return this;
  }

  /** {@code (B, T)} indices to {@code (B, T, V)} one-hot rows, on the tokens' device. */
  static Tensor oneHot(Tensor tokens, int vocab) {
    float[] t = tokens.toFloatArray();
    float[] out = new float[t.length * vocab];
    for (int i = 0; i < t.length; i++) {
      int k = (int) t[i];
      if (k < 0 || k >= vocab || k != t[i]) {
        throw new IllegalArgumentException("token " + t[i] + " is not an index in [0, " + vocab
            + ")");
      }
      out[i * vocab + k] = 1f;
    }
    int[] shape = java.util.Arrays.copyOf(tokens.shape(), tokens.dim() + 1);
    shape[tokens.dim()] = vocab;
    return tokens.device().tensor(out, shape);
  }
}
