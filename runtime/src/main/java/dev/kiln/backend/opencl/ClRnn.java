package dev.kiln.backend.opencl;

import dev.kiln.backend.RnnSpec;
import dev.kiln.tensor.Tensor;

/** Recurrent layers on OpenCL (placeholder). */
final class ClRnn {
  private final ClLaunch l;
  private final ClMatmul matmul;

  ClRnn(ClLaunch l, ClMatmul matmul) {
    this.l = l;
    this.matmul = matmul;
  }

  void forward(RnnSpec s, int layer, int dir, Tensor x, Tensor wIh, Tensor wHh, Tensor bIh,
      Tensor bHh, Tensor h0, Tensor c0, Tensor y, Tensor hN, Tensor cN, Tensor state) {
    throw new UnsupportedOperationException();
  }

  void backward(RnnSpec s, int layer, int dir, Tensor x, Tensor wIh, Tensor wHh, Tensor state,
      Tensor dy, Tensor dhN, Tensor dcN, Tensor dx, Tensor dh0, Tensor dc0, Tensor dwIh,
      Tensor dwHh, Tensor dbIh, Tensor dbHh, Tensor scratch) {
    throw new UnsupportedOperationException();
  }
}
