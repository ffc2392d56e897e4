package dev.kiln.optim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kiln.nn.Linear;
import dev.kiln.nn.Parameter;
import dev.kiln.tensor.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/** The shared optimizer contract: which parameters step, zeroGrad, options and their checks. */
class OptimizerTest {
  private static Parameter param(float... values) {
    return new Parameter(values, values.length);
  }

  private static Tensor vec(float... values) {
    return Tensor.of(values, values.length);
  }

  @Test
  void stepSkipsFrozenParametersAndParametersWithoutGradient() {
    Parameter live = param(1f, 2f);
    Parameter noGrad = param(3f, 4f);
    Parameter frozen = param(5f, 6f);
    frozen.requiresGrad(false);
    live.setGrad(vec(1f, 1f));
    frozen.setGrad(vec(1f, 1f)); // a stale gradient must not move a frozen parameter
    Sgd opt = new Sgd(List.of(live, noGrad, frozen), 0.5f).momentum(0.9f);
    opt.step();
    assertArrayEquals(new float[] {0.5f, 1.5f}, live.toFloatArray());
    assertArrayEquals(new float[] {3f, 4f}, noGrad.toFloatArray());
    assertArrayEquals(new float[] {5f, 6f}, frozen.toFloatArray());
    assertEquals(Set.of("0.momentum_buffer"), opt.state().keySet());
  }

  @Test
  void adamCountsStepsPerParameterAndSkipsUntilAGradientArrives() {
    Parameter a = param(1f);
    Parameter b = param(1f);
    b.requiresGrad(false);
    Adam opt = new Adam(List.of(a, b), 0.1f);
    a.setGrad(vec(1f));
    b.setGrad(vec(1f));
    opt.step();
    opt.step();
    assertEquals(1f, b.item());
    assertEquals(List.of("0.step", "0.exp_avg", "0.exp_avg_sq"), List.copyOf(opt.state().keySet()));
    b.requiresGrad(true); // unfreezing: b's first step is its step 1, as in PyTorch
    opt.step();
    assertEquals(3f, opt.state().get("0.step").item());
    assertEquals(1f, opt.state().get("1.step").item());
    // Adam's first step moves by lr * g / (|g| + eps'), i.e. by ~lr
    assertEquals(0.9f, b.item(), 1e-6f);
  }

  @Test
  void zeroGradFillsExistingGradientsInPlaceAndKeepsMissingOnesNull() {
    Parameter a = param(1f, 2f);
    Parameter b = param(3f);
    Tensor g = vec(7f, 8f);
    a.setGrad(g);
    Sgd opt = new Sgd(List.of(a, b), 0.1f);
    opt.zeroGrad();
    assertSame(g, a.grad(), "the gradient buffer is kept");
    assertArrayEquals(new float[] {0f, 0f}, g.toFloatArray());
    assertNull(b.grad());
    opt.zeroGrad(true);
    assertNull(a.grad());
  }

  @Test
  void zeroGradAndStepWorkOverAModulesParameters() {
    // y = 3x + 2 with Linear(1, 1) and a hand-written MSE: SGD converges to w = 3, b = 2.
    Linear fc = new Linear(1, 1);
    float[] xs = new float[16];
    float[] ys = new float[16];
    for (int i = 0; i < xs.length; i++) {
      xs[i] = -1f + 2f * i / (xs.length - 1);
      ys[i] = 3f * xs[i] + 2f;
    }
    Tensor x = Tensor.of(xs, 16, 1);
    Tensor y = Tensor.of(ys, 16, 1);
    Sgd opt = new Sgd(fc.parameters(), 0.1f).momentum(0.5f);
    float loss = Float.NaN;
    for (int epoch = 0; epoch < 300; epoch++) {
      Tensor d = fc.apply(x).sub(y);
      Tensor l = d.mul(d).mean();
      opt.zeroGrad();
      l.backward();
      opt.step();
      loss = l.item();
    }
    assertTrue(loss < 1e-8f, "loss " + loss);
    assertEquals(3f, fc.weight().item(), 1e-3f);
    assertEquals(2f, fc.bias().item(), 1e-3f);
  }

  @Test
  void learningRateCanBeChangedBetweenSteps() {
    Parameter p = param(1f);
    p.setGrad(vec(1f));
    Sgd opt = new Sgd(List.of(p), 0.1f);
    opt.step();
    assertEquals(0.9f, p.item(), 1e-7f);
    opt.setLr(0.5f);
    assertEquals(0.5f, opt.lr());
    opt.step();
    assertEquals(0.4f, p.item(), 1e-7f);
  }

  @Test
  void defaultsAreTorchs() {
    List<Parameter> ps = List.of(param(1f));
    Sgd sgd = new Sgd(ps, 0.1f);
    assertEquals(0.1f, sgd.lr());
    assertEquals(0f, sgd.momentum());
    assertEquals(0f, sgd.dampening());
    assertEquals(0f, sgd.weightDecay());
    assertFalse(sgd.nesterov());
    assertFalse(sgd.maximize());
    for (AdamBase adam : List.of(new Adam(ps), new AdamW(ps))) {
      assertEquals(1e-3f, adam.lr());
      assertArrayEquals(new float[] {0.9f, 0.999f}, adam.betas());
      assertEquals(1e-8f, adam.eps());
      assertFalse(adam.amsgrad());
      assertFalse(adam.maximize());
    }
    assertEquals(0f, new Adam(ps).weightDecay());
    assertEquals(1e-2f, new AdamW(ps).weightDecay());
    assertEquals(0.25f, new Adam(ps, 0.25f).lr());
  }

  @Test
  void invalidValuesAreRejectedWithTorchsMessages() {
    List<Parameter> ps = List.of(param(1f));
    assertMessage("Invalid learning rate: -0.1", () -> new Sgd(ps, -0.1f));
    assertMessage("Invalid learning rate: NaN", () -> new Adam(ps, Float.NaN));
    assertMessage("Invalid learning rate: -1.0", () -> new AdamW(ps, -1f));
    assertMessage("Invalid learning rate: -2.0", () -> new Sgd(ps, 0.1f).setLr(-2f));
    assertMessage("Invalid momentum value: -0.5", () -> new Sgd(ps, 0.1f).momentum(-0.5f));
    assertMessage("Invalid weight_decay value: -1.0E-4",
        () -> new Sgd(ps, 0.1f).weightDecay(-1e-4f));
    assertMessage("Invalid dampening value: NaN", () -> new Sgd(ps, 0.1f).dampening(Float.NaN));
    assertMessage("Invalid beta parameter at index 0: 1.0", () -> new Adam(ps).betas(1f, 0.9f));
    assertMessage("Invalid beta parameter at index 1: -0.1",
        () -> new AdamW(ps).betas(0.9f, -0.1f));
    assertMessage("Invalid epsilon value: -1.0E-8", () -> new Adam(ps).eps(-1e-8f));
    assertMessage("Invalid weight_decay value: -0.01", () -> new AdamW(ps).weightDecay(-0.01f));
    assertMessage("Invalid learning rate: Infinity", () -> new Sgd(ps, Float.POSITIVE_INFINITY));
  }

  @Test
  void rejectedOptionLeavesThePreviousValue() {
    Sgd opt = new Sgd(List.of(param(1f)), 0.1f).momentum(0.9f);
    assertThrows(IllegalArgumentException.class, () -> opt.momentum(-1f));
    assertEquals(0.9f, opt.momentum());
    assertThrows(IllegalArgumentException.class, () -> opt.setLr(-1f));
    assertEquals(0.1f, opt.lr());
  }

  @Test
  void nesterovNeedsMomentumAndZeroDampeningCheckedByStep() {
    Parameter p = param(1f);
    p.setGrad(vec(1f));
    Sgd opt = new Sgd(List.of(p), 0.1f).nesterov(true);
    assertMessage("Nesterov momentum requires a momentum and zero dampening", opt::step);
    opt.momentum(0.9f).dampening(0.1f);
    assertMessage("Nesterov momentum requires a momentum and zero dampening", opt::step);
    assertEquals(1f, p.item(), "nothing was updated");
    assertTrue(opt.state().isEmpty());
    opt.dampening(0f);
    opt.step(); // any order of setters works once the combination is valid
    assertEquals(1f - 0.1f * (1f + 0.9f * 1f), p.item(), 1e-7f);
  }

  @Test
  void parameterListIsChecked() {
    assertMessage("optimizer got an empty parameter list", () -> new Sgd(List.<Tensor>of(), 0.1f));
    Parameter p = param(1f);
    assertMessage("parameter 1 appears more than once", () -> new Adam(List.of(p, p)));
    assertMessage("parameter 1 is null", () -> new Sgd(Arrays.asList(p, null), 0.1f));
    Tensor x = Tensor.of(new float[] {2f}, 1).requiresGrad(true);
    Tensor computed = x.mul(x);
    assertMessage("can't optimize a non-leaf tensor: parameter 0",
        () -> new Sgd(List.of(computed), 0.1f));
    // plain leaf tensors that require grad can be optimized, as in PyTorch
    Tensor leaf = Tensor.of(new float[] {1f}, 1).requiresGrad(true);
    leaf.setGrad(vec(2f));
    new Sgd(List.of(leaf), 0.5f).step();
    assertEquals(0f, leaf.item());
  }

  @Test
  void paramsAreKeptInOrderAndCannotBeModified() {
    Parameter a = param(1f);
    Parameter b = param(2f);
    List<Parameter> source = new ArrayList<>(List.of(a, b));
    Sgd opt = new Sgd(source, 0.1f);
    source.clear();
    assertEquals(List.of(a, b), opt.params());
    assertThrows(UnsupportedOperationException.class, () -> opt.params().clear());
  }

  @Test
  void gradientOfTheWrongShapeThrowsBeforeAnyUpdate() {
    Parameter a = param(1f, 2f);
    Parameter b = param(3f, 4f);
    a.setGrad(vec(1f, 1f));
    b.setGrad(vec(1f, 1f, 1f));
    Sgd opt = new Sgd(List.of(a, b), 0.1f);
    IllegalStateException e = assertThrows(IllegalStateException.class, opt::step);
    assertEquals("the gradient of parameter 1 has shape (3) but the parameter has shape (2)",
        e.getMessage());
    assertArrayEquals(new float[] {1f, 2f}, a.toFloatArray());
  }

  @Test
  void amsgradIsFixedOnceStateExists() {
    Parameter p = param(1f);
    p.setGrad(vec(1f));
    Adam opt = new Adam(List.of(p)).amsgrad(true).amsgrad(false).amsgrad(true);
    opt.step();
    assertTrue(opt.state().containsKey("0.max_exp_avg_sq"));
    IllegalStateException e = assertThrows(IllegalStateException.class, () -> opt.amsgrad(false));
    assertTrue(e.getMessage().contains("amsgrad"), e.getMessage());
    opt.amsgrad(true); // unchanged value is fine
    opt.betas(0.8f, 0.99f).eps(1e-6f).weightDecay(0.1f); // other options may change (schedulers)
    opt.step();
    assertEquals(2f, opt.state().get("0.step").item());
  }

  @Test
  void maximizeAscends() {
    Parameter p = param(1f);
    p.setGrad(vec(1f));
    new Sgd(List.of(p), 0.1f).maximize(true).step();
    assertEquals(1.1f, p.item(), 1e-7f);
    Parameter q = param(1f);
    q.setGrad(vec(1f));
    new Adam(List.of(q), 0.1f).maximize(true).step();
    assertEquals(1.1f, q.item(), 1e-6f);
  }

  @Test
  void adamWDecaysWeightsEvenWithZeroGradient() {
    Parameter p = param(2f);
    p.setGrad(vec(0f));
    new AdamW(List.of(p), 0.1f).weightDecay(0.5f).step();
    assertEquals(2f * (1f - 0.1f * 0.5f), p.item(), 1e-7f);
    Parameter q = param(2f);
    q.setGrad(vec(0f));
    new Adam(List.of(q), 0.1f).weightDecay(0.5f).step(); // coupled: g = 0 + 0.5 * 2 = 1
    assertEquals(2f - 0.1f, q.item(), 1e-6f);
  }

  private static void assertMessage(String prefix, Executable body) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, body);
    assertTrue(e.getMessage().startsWith(prefix), "message: " + e.getMessage());
  }
}
