package dev.kiln.tensor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.fail;

import dev.kiln.backend.cpu.CpuBuffer;
import java.util.Random;
import java.util.function.Supplier;

/**
 * Central-difference gradient check for float32 CPU tensors.
 *
 * <p>The scalar checked is {@code L = sum(f() * w)} with a fixed random upstream weighting
 * {@code w}, so the check covers the full vector-Jacobian product, not just the gradient of a
 * plain sum. The analytic side is {@code f().backward(w)}; the numeric side perturbs each element
 * of each tensor in {@code wrt} in place by {@code ±EPS} and evaluates {@code L} with the
 * forward's float32 outputs summed in double.
 *
 * <p>Tolerance (stated, float32): {@code |analytic - numeric| <= ATOL * scale + RTOL * |numeric|}
 * with {@code scale = max(1, max|numeric|)}. With {@code EPS = 1e-2} the truncation error of a
 * smooth op is about {@code EPS^2 * f'''/6 ~ 2e-5} and the float32 rounding noise about
 * {@code 1e-7 * |L| / EPS}, both well under {@code ATOL}; a wrong gradient is off by O(1).
 */
public final class GradCheck {
  public static final double EPS = 1e-2;
  public static final double ATOL = 2e-3;
  public static final double RTOL = 1e-2;

  private GradCheck() {}

  /** Checks d/dwrt of {@code forward} (which reads the tensors in {@code wrt}) at their values. */
  public static void check(Supplier<Tensor> forward, Tensor... wrt) {
    check(42L, forward, wrt);
  }

  /** As {@link #check(Supplier, Tensor...)} with the upstream weighting drawn from {@code seed}. */
  public static void check(long seed, Supplier<Tensor> forward, Tensor... wrt) {
    for (Tensor t : wrt) {
      if (!t.requiresGrad() || t.gradFn() != null) {
        throw new IllegalArgumentException("gradcheck needs leaves that require grad");
      }
      t.setGrad(null);
    }
    Tensor out = forward.get();
    float[] w = random(new Random(seed), out.numel(), 1.0);
    out.backward(Tensor.of(w, out.shape()));

    for (int t = 0; t < wrt.length; t++) {
      Tensor x = wrt[t];
      assertNotNull(x.grad(), "no gradient reached input " + t);
      assertArrayEquals(x.shape(), x.grad().shape(), "gradient shape of input " + t);
      float[] analytic = x.grad().toFloatArray();
      double[] numeric = new double[analytic.length];
      float[] data = ((CpuBuffer) x.buffer()).array();
      double scale = 1;
      for (int i = 0; i < data.length; i++) {
        float orig = data[i];
        data[i] = (float) (orig + EPS);
        double plus = loss(forward, w);
        data[i] = (float) (orig - EPS);
        double minus = loss(forward, w);
        data[i] = orig;
        // divide by the step actually taken in float32, not the nominal one
        double step = (double) (float) (orig + EPS) - (double) (float) (orig - EPS);
        numeric[i] = (plus - minus) / step;
        scale = Math.max(scale, Math.abs(numeric[i]));
      }
      for (int i = 0; i < data.length; i++) {
        double err = Math.abs(analytic[i] - numeric[i]);
        if (err > ATOL * scale + RTOL * Math.abs(numeric[i])) {
          fail("gradient of input " + t + " " + Shapes.toString(x.shape()) + " at element " + i
              + ": analytic " + analytic[i] + " vs numeric " + numeric[i]);
        }
      }
    }
  }

  private static double loss(Supplier<Tensor> forward, float[] w) {
    float[] y;
    try (GradMode g = GradMode.noGrad()) {
      y = forward.get().toFloatArray();
    }
    double s = 0;
    for (int i = 0; i < y.length; i++) {
      s += (double) y[i] * w[i];
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
