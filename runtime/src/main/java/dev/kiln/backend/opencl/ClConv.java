package dev.kiln.backend.opencl;

import dev.kiln.backend.ConvParams;
import dev.kiln.tensor.Tensor;

/**
 * Convolutions on OpenCL, computed directly by {@code conv.cl} (no scratch): the transposed
 * convolution's forward is the convolution's input gradient with the tensors' roles swapped, and
 * its input gradient the convolution's forward, accumulated.
 */
final class ClConv {
  private final ClLaunch l;

  ClConv(ClLaunch l) {
    this.l = l;
  }

  void conv(Tensor x, Tensor w, Tensor b, Tensor y, ConvParams p) {
    forward(x, w, b, y, 0, p, x, y);
  }

  void convBackward(Tensor x, Tensor w, Tensor dy, Tensor dx, Tensor dw, Tensor db,
      ConvParams p) {
    if (dx != null) {
      data(dx, w, dy, p, x, dy);
    }
    if (dw != null) {
      weight(x, dy, dw, p, x, dy);
    }
    if (db != null) {
      channelSums(dy, db, p);
    }
  }

  void convTranspose(Tensor x, Tensor w, Tensor b, Tensor y, ConvParams p) {
    l.start(ClKernel.CONV_FILL_CHANNELS).mem(y).mem(b).i(p.channels(y)).i(p.positions(y))
        .i(y.numel()).items(y.numel());
    data(y, w, x, p, y, x);
  }

  void convTransposeBackward(Tensor x, Tensor w, Tensor dy, Tensor dx, Tensor dw, Tensor db,
      ConvParams p) {
    if (dx != null) {
      forward(dy, w, null, dx, 1, p, dy, x);
    }
    if (dw != null) {
      weight(dy, x, dw, p, dy, x);
    }
    if (db != null) {
      channelSums(dy, db, p);
    }
  }

  private void forward(Tensor in, Tensor w, Tensor b, Tensor out, int mode, ConvParams p,
      Tensor gin, Tensor gout) {
    geometry(l.start(ClKernel.CONV_FORWARD).mem(in).mem(w).mem(b).mem(out).i(mode), p, gin, gout)
        .items(out.numel());
  }

  private void data(Tensor din, Tensor w, Tensor dout, ConvParams p, Tensor gin, Tensor gout) {
    geometry(l.start(ClKernel.CONV_BACKWARD_DATA).mem(din).mem(w).mem(dout), p, gin, gout)
        .items(din.numel());
  }

  private void weight(Tensor in, Tensor dout, Tensor dw, ConvParams p, Tensor gin, Tensor gout) {
    geometry(l.start(ClKernel.CONV_BACKWARD_WEIGHT).mem(in).mem(dout).mem(dw), p, gin, gout)
        .items(dw.numel());
  }

  private void channelSums(Tensor g, Tensor db, ConvParams p) {
    l.start(ClKernel.CONV_CHANNEL_SUMS).mem(g).mem(db).i(p.samples(g)).i(p.channels(g))
        .i(p.positions(g)).items(db.numel());
  }

  /** The 16 ints of conv.cl's GEOMETRY for the convolution from {@code in} to {@code out}. */
  private static ClLaunch geometry(ClLaunch l, ConvParams p, Tensor in, Tensor out) {
    return l.i(p.samples(in)).i(p.channels(in)).i(p.height(in)).i(in.size(-1))
        .i(p.channels(out)).i(p.height(out)).i(out.size(-1)).i(p.groups()).i(p.kernelH())
        .i(p.kernelW()).i(p.strideH()).i(p.strideW()).i(p.padH()).i(p.padW())
        .i(p.dilationH()).i(p.dilationW());
  }
}
