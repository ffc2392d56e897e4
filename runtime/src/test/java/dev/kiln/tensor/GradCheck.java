package dev.kiln.tensor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.Supplier;

/**
 * Central-difference gradient check in float64, per element, as PyTorch's {@code gradcheck}.
 *
 * <p>The scalar checked is {@code L = sum(f() * w)} with a fixed random upstream weighting
 * {@code w}, so the check covers the full vector-Jacobian product. The leaves in {@code wrt} (and
 * the {@code constants} the forward reads) are moved in place to {@link Float64Device}, where
 * the same eager ops, autograd and compiled plans run with double kernels; there the analytic
 * gradient ({@code f().backward(w)}) must match {@code (L(x + h) - L(x - h)) / 2h} with {@code h
 * = 1e-6} for every element: {@code |analytic - numeric| <= 1e-5 + 1e-3 |numeric|} (PyTorch's
 * defaults). Then the float32 backward on the CPU must match the float64 analytic gradient per
 * element within {@code F32_ATOL + F32_RTOL |g|}, a bound for float32 rounding of sums of a few
 * hundred terms of magnitude ~1. Afterwards everything is back on the CPU with its original
 * values and the float32 gradients.
 */
public final class GradCheck {
  public static final double H = 1e-6;
  public static final double ATOL = 1e-5;
  public static final double RTOL = 1e-3;
  public static final double F32_ATOL = 1e-4;
  public static final double F32_RTOL = 1e-3;

  private GradCheck() {}

  /** Checks d/dwrt of {@code forward} (which reads the tensors in {@code wrt}) at their values. */
  public static void check(Supplier<Tensor> forward, Tensor... wrt) {
    check(42L, forward, wrt);
  }

  /** As {@link #check(Supplier, Tensor...)} with the upstream weighting drawn from {@code seed}. */
  public static void check(long seed, Supplier<Tensor> forward, Tensor... wrt) {
    checkWith(seed, List.of(), forward, wrt);
  }

  /**
   * As {@link #check(Supplier, Tensor...)} for a forward that also reads {@code constants}
   * (targets, weights, parameters not checked): they move to float64 with the leaves.
   */
  public static void checkWith(List<Tensor> constants, Supplier<Tensor> forward, Tensor... wrt) {
    checkWith(42L, constants, forward, wrt);
  }

  public static void checkWith(long seed, List<Tensor> constants, Supplier<Tensor> forward,
      Tensor... wrt) {
    for (Tensor t : wrt) {
      if (!t.requiresGrad() || t.gradFn() != null) {
        throw new IllegalArgumentException("gradcheck needs leaves that require grad");
      }
      t.setGrad(null);
    }
    // float32, on the CPU: the gradients the kernels give
    Tensor out32 = forward.get();
    float[] w = random(new Random(seed), out32.numel(), 1.0);
    out32.backward(Tensor.of(w, out32.shape()));
    List<Tensor> grads32 = new ArrayList<>();
    for (int t = 0; t < wrt.length; t++) {
      assertNotNull(wrt[t].grad(), "no gradient reached input " + t);
      assertArrayEquals(wrt[t].shape(), wrt[t].grad().shape(), "gradient shape of input " + t);
      grads32.add(wrt[t].grad());
      wrt[t].setGrad(null);
    }
    List<Tensor> moved = new ArrayList<>(List.of(wrt));
    moved.addAll(constants);
    List<Tensor> constantGrads = new ArrayList<>();
    for (Tensor c : constants) {
      constantGrads.add(c.grad());
      c.setGrad(null);
    }
    try {
      moved.forEach(t -> t.moveTo(Float64Device.F64));
      Tensor out = forward.get();
      double[] w64 = new double[w.length];
      for (int i = 0; i < w.length; i++) {
        w64[i] = w[i];
      }
      out.backward(Float64Device.of(w64, out.shape()));
      for (int t = 0; t < wrt.length; t++) {
        Tensor x = wrt[t];
        assertNotNull(x.grad(), "no float64 gradient reached input " + t);
        double[] analytic = Float64Device.d(x.grad()).clone();
        double[] data = Float64Device.d(x);
        float[] f32 = grads32.get(t).toFloatArray();
        for (int i = 0; i < data.length; i++) {
          double orig = data[i];
          data[i] = orig + H;
          double plus = loss(forward, w64);
          data[i] = orig - H;
          double minus = loss(forward, w64);
          data[i] = orig;
          double numeric = (plus - minus) / (2 * H);
          if (Math.abs(analytic[i] - numeric) > ATOL + RTOL * Math.abs(numeric)) {
            fail("float64 gradient of input " + t + " " + Shapes.toString(x.shape())
                + " at element " + i + ": analytic " + analytic[i] + " vs numeric " + numeric);
          }
          if (Math.abs(f32[i] - analytic[i]) > F32_ATOL + F32_RTOL * Math.abs(analytic[i])) {
            fail("float32 gradient of input " + t + " " + Shapes.toString(x.shape())
                + " at element " + i + ": " + f32[i] + " vs float64 " + analytic[i]);
          }
        }
      }
    } finally {
      moved.forEach(t -> t.moveTo(Device.cpu()));
      for (int t = 0; t < wrt.length; t++) {
        wrt[t].setGrad(grads32.get(t));
      }
      for (int c = 0; c < constants.size(); c++) {
        constants.get(c).setGrad(constantGrads.get(c));
      }
    }
  }

  private static double loss(Supplier<Tensor> forward, double[] w) {
    double[] y;
    try (GradMode g = GradMode.noGrad()) {
      y = Float64Device.d(forward.get());
    }
    double s = 0;
    for (int i = 0; i < y.length; i++) {
      s += y[i] * w[i];
    }
    return s;
  }

  /** A leaf requiring grad with values uniform in (-bound, bound), from {@code seed}. */
  public static Tensor leaf(long seed, double bound, int... shape) {
    return Tensor.of(random(new Random(seed), Shapes.numel(shape), bound), shape).requiresGrad(true);
  }

  /** As {@link #leaf} with every |value| in [margin, bound): away from a kink at 0. */
  public static Tensor leafAwayFromZero(long seed, double margin, double bound, int... shape) {
    Random r = new Random(seed);
    float[] v = new float[Shapes.numel(shape)];
    for (int i = 0; i < v.length; i++) {
      double mag = margin + r.nextDouble() * (bound - margin);
      v[i] = (float) (r.nextBoolean() ? mag : -mag);
    }
    return Tensor.of(v, shape).requiresGrad(true);
  }

  static float[] random(Random r, int n, double bound) {
    float[] v = new float[n];
    for (int i = 0; i < n; i++) {
      v[i] = (float) ((r.nextDouble() * 2 - 1) * bound);
    }
    return v;
  }
}
