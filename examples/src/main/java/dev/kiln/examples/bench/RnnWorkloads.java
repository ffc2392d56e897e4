package dev.kiln.examples.bench;

import dev.kiln.nn.LSTM;
import dev.kiln.nn.Rng;
import dev.kiln.nn.Workspace;
import dev.kiln.tensor.Tensor;

/** Recurrent rows of {@link CpuBench}, run as a compiled model runs them (workspace forms). */
final class RnnWorkloads {
  private RnnWorkloads() {}

  /**
   * {@code LSTM(128, 256).batchFirst(true)} on {@code (32, 64, 128)}: forward, then backward from
   * a random gradient of the output, with the input and parameter gradients (accumulated).
   */
  static Runnable lstmForwardBackward() {
    Rng.manualSeed(0);
    LSTM lstm = new LSTM(128, 256).batchFirst(true);
    Tensor[] in = {Rng.rand(32, 64, 128), null, null};
    int[][] shapes = lstm.outputShapes(new int[][] {in[0].shape(), null, null});
    Tensor[] out = {Tensor.zeros(shapes[0]), Tensor.zeros(shapes[1]), Tensor.zeros(shapes[2])};
    Tensor[] dOut = {Rng.rand(shapes[0]), null, null};
    Tensor[] dIn = {Tensor.zeros(in[0].shape()), null, null};
    Workspace ws = new Workspace();
    return () -> {
      lstm.forwardInto(in, out, ws);
      lstm.backwardInto(in, out, dOut, dIn, ws);
    };
  }
}
