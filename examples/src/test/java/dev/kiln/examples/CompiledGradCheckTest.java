package dev.kiln.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.kiln.nn.Rng;
import dev.kiln.tensor.Tensor;
import org.junit.jupiter.api.Test;

/**
 * Central differences on a whole compiled model: the generated backward's gradient of
 * {@code sum(y * w)} matches {@code (L(p + eps) - L(p - eps)) / 2 eps} for every input element
 * and for every element of a parameter of the user-written layer.
 */
class CompiledGradCheckTest {
  private static final float EPS = 1e-2f;

  private static double loss(ScaledRegressor m, Tensor x, Tensor w) {
    float[] y = m.forward(x).toFloatArray();
    float[] ws = w.toFloatArray();
    double s = 0;
    for (int i = 0; i < y.length; i++) {
      s += (double) y[i] * ws[i];
    }
    return s;
  }

  private static void check(ScaledRegressor m, Tensor x, Tensor w, Tensor target, Tensor grad) {
    float[] data = ((dev.kiln.backend.cpu.CpuBuffer) target.buffer()).array();
    float[] analytic = grad.toFloatArray();
    for (int i = 0; i < data.length; i++) {
      float old = data[i];
      data[i] = old + EPS;
      double up = loss(m, x, w);
      data[i] = old - EPS;
      double down = loss(m, x, w);
      data[i] = old;
      double numeric = (up - down) / (2 * EPS);
      assertEquals(numeric, analytic[i], 2e-3 + 1e-2 * Math.abs(numeric), "element " + i);
    }
  }

  @Test
  void inputAndUserLayerGradients() {
    Rng.manualSeed(21);
    KilnScaledRegressor m = new KilnScaledRegressor(3, 5);
    m.scale.weight().device().kernels().copy(CompiledEqualsEagerTest.random(22, 5), m.scale.weight());
    Tensor x = CompiledEqualsEagerTest.random(23, 4, 3).requiresGrad(true);
    Tensor w = CompiledEqualsEagerTest.random(24, 4, 1);
    m.forward(x).backward(w);
    Tensor dx = x.grad().detach();
    Tensor dScale = m.scale.weight().grad().detach();
    Tensor dFc = m.fc.weight().grad().detach();
    check(m, x, w, x, dx);
    check(m, x, w, m.scale.weight(), dScale);
    check(m, x, w, m.fc.weight(), dFc);
  }
}
