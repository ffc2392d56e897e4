package dev.kiln.examples.bench;

import dev.kiln.nn.Embedding;
import dev.kiln.nn.LayerNorm;
import dev.kiln.nn.Rng;
import dev.kiln.nn.Workspace;
import dev.kiln.tensor.Tensor;

/**
 * The sequence-layer rows, called as a compiled model calls them (preallocated output, one
 * {@link Workspace}): {@code LayerNorm(128)} forward and backward on {@code (32 * 64, 128)}
 * (input, weight and bias gradients), and {@code Embedding(1000, 128)} forward and backward on
 * {@code (32, 64)} token ids (the table's gradient).
 */
final class SeqWorkloads {
  private SeqWorkloads() {}

  static Runnable layerNormForwardBackward() {
    Rng.manualSeed(0);
    LayerNorm ln = new LayerNorm(128);
    Tensor x = Rng.randn(32 * 64, 128);
    Tensor y = Tensor.zeros(x.shape());
    Tensor dy = Rng.randn(x.shape());
    Tensor dx = Tensor.zeros(x.shape());
    Workspace ws = new Workspace();
    return () -> {
      ln.forwardInto(x, y, ws);
      ln.backwardInto(x, y, dy, dx, ws);
    };
  }

  static Runnable embeddingForwardBackward() {
    Rng.manualSeed(0);
    Embedding emb = new Embedding(1000, 128);
    float[] ids = new float[32 * 64];
    for (int i = 0; i < ids.length; i++) {
      ids[i] = (i * 7919L) % 1000;
    }
    Tensor x = Tensor.of(ids, 32, 64);
    Tensor y = Tensor.zeros(emb.outputShape(x.shape()));
    Tensor dy = Rng.randn(y.shape());
    Workspace ws = new Workspace();
    return () -> {
      emb.forwardInto(x, y, ws);
      emb.backwardInto(x, y, dy, null, ws);
    };
  }
}
