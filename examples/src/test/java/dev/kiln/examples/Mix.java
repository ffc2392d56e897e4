package dev.kiln.examples;

import dev.kiln.ShapeContract;
import dev.kiln.backend.cpu.CpuBuffer;
import dev.kiln.nn.Mask;
import dev.kiln.nn.MultiModule;
import dev.kiln.nn.Parameter;
import dev.kiln.nn.Workspace;
import dev.kiln.tensor.Tensor;

/**
 * A test layer with an optional mask input and two outputs (CPU only): {@code out = w * x +
 * c[t]}, {@code c[t]} the sum of mask row {@code t} with {@code -inf} counted as 1, and {@code
 * score[b, t] = sum_d x[b, t, d]^2}. Input (B, T, dim), mask (T, T); outputs (B, T, dim), (B, T).
 */
@ShapeContract(args = {"dim"}, inputs = {"x: B, T, dim", "mask?: T, T"},
    outputs = {"out: B, T, dim", "score: B, T"})
public final class Mix extends MultiModule {
  /** The two outputs. */
  public record MixOut(Tensor out, Tensor score) {}

  final int dim;
  final Parameter w;

  public Mix(int dim) {
    this.dim = dim;
    w = registerParameter("w", new Parameter(new float[] {2f}, 1));
  }

  public MixOut apply(Tensor x) {
    return apply(x, null);
  }

  public MixOut apply(Tensor x, Mask mask) {
    Tensor[] o = applyAll(x, mask == null ? null : mask.tensor());
    return new MixOut(o[0], o[1]);
  }

  @Override
  protected boolean differentiable(int i) {
    return i == 0;
  }

  @Override
  public int[][] outputShapes(int[][] in) {
    if (in[0].length != 3 || in[0][2] != dim) {
      throw new IllegalArgumentException("Mix(" + dim + ") got " + java.util.Arrays.toString(in[0]));
    }
    return new int[][] {in[0].clone(), {in[0][0], in[0][1]}};
  }

  private static float[] a(Tensor t) {
    return ((CpuBuffer) t.buffer()).array();
  }

  @Override
  public void forwardInto(Tensor[] in, Tensor[] out, Workspace ws) {
    float[] x = a(in[0]);
    float[] y = a(out[0]);
    float[] s = a(out[1]);
    float wv = a(w)[0];
    int t = in[0].size(1);
    for (int i = 0; i < x.length; i++) {
      int row = (i / dim) % t;
      float c = 0;
      if (in[1] != null) {
        float[] m = a(in[1]);
        for (int j = 0; j < t; j++) {
          c += m[row * t + j] == Float.NEGATIVE_INFINITY ? 1 : m[row * t + j];
        }
      }
      y[i] = wv * x[i] + c;
    }
    for (int r = 0; r < s.length; r++) {
      float acc = 0;
      for (int d = 0; d < dim; d++) {
        acc += x[r * dim + d] * x[r * dim + d];
      }
      s[r] = acc;
    }
  }

  @Override
  public void backwardInto(Tensor[] in, Tensor[] out, Tensor[] dOut, Tensor[] dIn, Workspace ws) {
    float[] x = a(in[0]);
    float wv = a(w)[0];
    float dw = 0;
    float[] dy = dOut[0] == null ? null : a(dOut[0]);
    float[] ds = dOut[1] == null ? null : a(dOut[1]);
    float[] dx = dIn[0] == null ? null : a(dIn[0]);
    for (int i = 0; i < x.length; i++) {
      float g = 0;
      if (dy != null) {
        g += wv * dy[i];
        dw += x[i] * dy[i];
      }
      if (ds != null) {
        g += 2 * x[i] * ds[i / dim];
      }
      if (dx != null) {
        dx[i] += g;
      }
    }
    if (w.requiresGrad()) {
      if (w.grad() == null) {
        w.setGrad(Tensor.zerosLike(w));
      }
      a(w.grad())[0] += dw;
    }
  }
}
