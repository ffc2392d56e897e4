package dev.kiln.compiled;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kiln.nn.Parameter;
import dev.kiln.tensor.GradCheck;
import dev.kiln.tensor.GradMode;
import dev.kiln.tensor.Tensor;
import org.junit.jupiter.api.Test;

/** CompiledPlan's contract: eager-equal results, buffer reuse, stale-output detection, noGrad. */
class CompiledPlanTest {

  private static Parameter weight() {
    Tensor w = GradCheck.leaf(101, 1.0, 3, 4);
    return new Parameter(w.toFloatArray(), 3, 4);
  }

  @Test
  void forwardAndBackwardEqualEagerEvaluation() {
    Parameter w = weight();
    Tensor x = GradCheck.leaf(102, 1.0, 2, 3);
    TinyPlan plan = new TinyPlan(w, 2);
    Tensor yc = plan.forward(x);
    yc.sum().backward();
    float[] dxCompiled = x.grad().toFloatArray();
    float[] dwCompiled = w.grad().toFloatArray();

    x.setGrad(null);
    w.setGrad(null);
    Tensor ye = x.matmul(w).tanh();
    ye.sum().backward();
    assertArrayEquals(ye.toFloatArray(), yc.toFloatArray(), 1e-6f);
    assertArrayEquals(x.grad().toFloatArray(), dxCompiled, 1e-6f);
    assertArrayEquals(w.grad().toFloatArray(), dwCompiled, 1e-6f);
  }

  @Test
  void gradCheckThroughThePlan() {
    Parameter w = weight();
    Tensor x = GradCheck.leaf(103, 1.0, 2, 3);
    // a plan's buffers live on one device: a fresh plan on the device x is on (the float64
    // reference device during the check)
    GradCheck.check(() -> new TinyPlan(w, 2, x.device()).forward(x), x, w);
  }

  @Test
  void outputBufferIsReusedAcrossCalls() {
    TinyPlan plan = new TinyPlan(weight(), 2);
    Tensor a = plan.forward(Tensor.zeros(2, 3));
    Tensor b = plan.forward(Tensor.zeros(2, 3));
    assertSame(a, b);
  }

  @Test
  void backwardAfterASecondForwardIsRefused() {
    TinyPlan plan = new TinyPlan(weight(), 2);
    Tensor first = plan.forward(GradCheck.leaf(104, 1.0, 2, 3));
    var firstNode = first.gradFn();
    plan.forward(GradCheck.leaf(105, 1.0, 2, 3));
    IllegalStateException e = assertThrows(IllegalStateException.class,
        () -> firstNode.backward(Tensor.zeros(2, 4)));
    assertTrue(e.getMessage().contains("overwritten"), e.getMessage());
  }

  @Test
  void repeatedBackwardGivesSameGradients() {
    // the intermediate gradient buffer must be zeroed between backwards, and the reused
    // input-gradient buffer must be copied by the engine, not aliased
    Parameter w = weight();
    Tensor x = GradCheck.leaf(106, 1.0, 2, 3);
    TinyPlan plan = new TinyPlan(w, 2);
    Tensor y = plan.forward(x);
    y.sum().backward();
    float[] dw = w.grad().toFloatArray();
    float[] dx = x.grad().toFloatArray();
    w.setGrad(null);
    y.sum().backward();
    assertArrayEquals(dw, w.grad().toFloatArray());
    float[] twice = x.grad().toFloatArray();
    for (int i = 0; i < dx.length; i++) {
      assertTrue(Math.abs(twice[i] - 2 * dx[i]) <= 1e-6f, "x.grad accumulates over backwards");
    }
  }

  @Test
  void constantInputGetsNoGradientButParameterDoes() {
    Parameter w = weight();
    Tensor x = Tensor.of(new float[] {1, 2, 3, 4, 5, 6}, 2, 3);
    new TinyPlan(w, 2).forward(x).sum().backward();
    assertNull(x.grad());
    assertTrue(w.grad() != null);
  }

  @Test
  void noGradRecordsNothing() {
    TinyPlan plan = new TinyPlan(weight(), 2);
    Tensor y;
    try (GradMode g = GradMode.noGrad()) {
      y = plan.forward(GradCheck.leaf(107, 1.0, 2, 3));
    }
    assertNull(y.gradFn());
    assertFalse(y.requiresGrad());
  }
}
