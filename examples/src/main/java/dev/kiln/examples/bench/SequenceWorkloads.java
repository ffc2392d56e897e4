package dev.kiln.examples.bench;

import dev.kiln.nn.Rng;
import dev.kiln.nn.TransformerEncoderLayer;
import dev.kiln.nn.Workspace;
import dev.kiln.tensor.Tensor;

/** The sequence rows of {@link CpuBench} (issue 17). */
final class SequenceWorkloads {
  private SequenceWorkloads() {}

  /**
   * {@code TransformerEncoderLayer(128, 4, dim_feedforward=512, dropout=0, batch_first=True)}
   * forward and backward on (32, 64, 128): the input's and every parameter's gradient, through
   * the Workspace forms a compiled training step calls.
   */
  static Runnable transformerLayer() {
    Rng.manualSeed(0);
    TransformerEncoderLayer layer = new TransformerEncoderLayer(128, 4).dimFeedforward(512)
        .dropout(0f).batchFirst(true);
    Tensor x = Rng.rand(32, 64, 128);
    Tensor[] in = {x, null, null};
    Tensor[] out = {Tensor.zeros(32, 64, 128)};
    Tensor[] dOut = {Rng.rand(32, 64, 128)};
    Tensor[] dIn = {Tensor.zeros(32, 64, 128), null, null};
    Workspace ws = new Workspace();
    return () -> {
      layer.forwardInto(in, out, ws);
      layer.backwardInto(in, out, dOut, dIn, ws);
    };
  }
}
