package dev.kiln.backend;

import dev.kiln.backend.RnnSpec.Mode;
import dev.kiln.tensor.Tensor;
import java.util.List;

/**
 * Contract cases for the recurrent kernels: every cell, both directions, time-major, batch-first
 * and unbatched layouts, with and without biases and initial states, layer 1 of 2 (state slices),
 * and a size where the CPU packs {@code W_hh} and splits products. One case runs {@code rnnLayer}
 * then {@code rnnLayerBackward} and compares the outputs, final states and every gradient.
 */
final class RnnKernelCases {
  private RnnKernelCases() {}

  /** {@code t, b, in, h, batchFirst, bias, initialState, unbatched}. */
  private static final int[][] SHAPES = {
      {4, 3, 5, 6, 0, 1, 1, 0},
      {3, 5, 4, 7, 1, 0, 0, 0},
      {5, 1, 3, 4, 0, 1, 1, 1},
      {6, 8, 20, 40, 1, 1, 1, 0}};

  static void add(List<KernelCase> c) {
    for (Mode mode : Mode.values()) {
      for (int[] s : SHAPES) {
        for (int dir = 0; dir < 2; dir++) {
          int d = dir;
          c.add(new KernelCase("rnnLayer rnnLayerBackward " + mode + " "
              + java.util.Arrays.toString(s) + " dir " + d, e -> run(e, mode, s, d)));
        }
      }
    }
  }

  private static Tensor[] run(KernelCase.Env e, Mode mode, int[] s, int dir) {
    int t = s[0];
    int b = s[1];
    int in = s[2];
    int h = s[3];
    boolean bf = s[4] == 1;
    boolean bias = s[5] == 1;
    boolean state = s[6] == 1;
    boolean unbatched = s[7] == 1;
    RnnSpec spec = new RnnSpec(mode, h, 2, true, bf, bias);
    int gh = spec.gateWidth();
    int[] xs = unbatched ? new int[] {t, in} : bf ? new int[] {b, t, in} : new int[] {t, b, in};
    int[] ys = xs.clone();
    ys[ys.length - 1] = 2 * h;
    int[] hsShape = unbatched ? new int[] {4, h} : new int[] {4, b, h};
    Tensor x = e.rand(xs);
    Tensor wIh = e.uniform(-0.5f, 0.5f, gh, in);
    Tensor wHh = e.uniform(-0.5f, 0.5f, gh, h);
    Tensor bIh = bias ? e.rand(gh) : null;
    Tensor bHh = bias ? e.rand(gh) : null;
    boolean lstm = mode == Mode.LSTM;
    Tensor h0 = state ? e.rand(hsShape) : null;
    Tensor c0 = state && lstm ? e.rand(hsShape) : null;
    Tensor y = e.rand(ys); // the other direction's columns stay as they are
    Tensor hN = e.zeros(hsShape);
    Tensor cN = e.zeros(hsShape);
    Tensor st = e.zeros(spec.stateFloats(t, b));
    e.k.rnnLayer(spec, 1, dir, x, wIh, wHh, bIh, bHh, h0, c0, y, hN, cN, st);
    Tensor dy = e.rand(ys);
    Tensor dhN = e.rand(hsShape);
    Tensor dcN = lstm ? e.rand(hsShape) : null;
    Tensor dx = e.rand(xs);
    Tensor dh0 = e.rand(hsShape);
    Tensor dc0 = e.rand(hsShape);
    Tensor dwIh = e.rand(gh, in);
    Tensor dwHh = e.rand(gh, h);
    Tensor dbIh = e.rand(gh);
    Tensor dbHh = e.rand(gh);
    Tensor sc = e.zeros(spec.scratchFloats(t, b, spec.separateRecurrentGrad(x)));
    e.k.rnnLayerBackward(spec, 1, dir, x, wIh, wHh, st, dy, dhN, dcN, dx, dh0, dc0, dwIh, dwHh,
        bias ? dbIh : null, bias ? dbHh : null, sc);
    return new Tensor[] {y, hN, cN, dx, dh0, dc0, dwIh, dwHh, dbIh, dbHh};
  }
}
