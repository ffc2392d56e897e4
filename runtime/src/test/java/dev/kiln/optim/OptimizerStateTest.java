package dev.kiln.optim;

import static dev.kiln.optim.OptimFixtures.STEPS;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kiln.nn.Parameter;
import dev.kiln.tensor.Tensor;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Checkpointing: state() and loadState() resume exactly; bad state is rejected atomically. */
class OptimizerStateTest {
  private static final Map<String, Tensor> INPUTS = OptimFixtures.load("inputs");

  static Stream<Arguments> optimizers() {
    Map<String, Function<List<Parameter>, Optimizer>> c = new LinkedHashMap<>();
    c.put("sgd momentum", p -> new Sgd(p, 0.1f).momentum(0.9f).dampening(0.2f).weightDecay(0.01f));
    c.put("sgd nesterov", p -> new Sgd(p, 0.1f).momentum(0.9f).nesterov(true));
    c.put("sgd plain", p -> new Sgd(p, 0.1f));
    c.put("adam", p -> new Adam(p, 0.05f).weightDecay(0.01f));
    c.put("adam amsgrad", p -> new Adam(p, 0.05f).betas(0.9f, 0.9f).amsgrad(true));
    c.put("adamw", p -> new AdamW(p, 0.05f).amsgrad(true));
    c.put("rmsprop", p -> new RMSprop(p, 0.01f).momentum(0.5f).centered(true));
    c.put("adagrad", p -> new Adagrad(p, 0.05f).lrDecay(0.01f).initialAccumulatorValue(0.1f));
    return c.entrySet().stream().map(e -> Arguments.of(e.getKey(), e.getValue()));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("optimizers")
  void saveAndLoadContinuesTheTrajectoryBitForBit(String name,
      Function<List<Parameter>, Optimizer> make) {
    List<Parameter> straight = OptimFixtures.initialParams(INPUTS);
    Optimizer a = make.apply(straight);
    run(a, straight, 1, STEPS);

    List<Parameter> first = OptimFixtures.initialParams(INPUTS);
    Optimizer b = make.apply(first);
    run(b, first, 1, 4);
    Map<String, Tensor> saved = b.state();
    List<Parameter> resumed = List.of(OptimFixtures.param(first.get(0)),
        OptimFixtures.param(first.get(1)));
    Optimizer c = make.apply(resumed);
    c.loadState(saved);
    assertStateEquals(saved, c.state());
    run(c, resumed, 5, STEPS);

    for (int i = 0; i < 2; i++) {
      assertArrayEquals(straight.get(i).toFloatArray(), resumed.get(i).toFloatArray(),
          name + " parameter " + i);
    }
    assertStateEquals(a.state(), c.state());
  }

  @Test
  void stateIsACopy() {
    List<Parameter> ps = OptimFixtures.initialParams(INPUTS);
    Adam opt = new Adam(ps, 0.1f);
    run(opt, ps, 1, 2);
    Map<String, Tensor> s = opt.state();
    float[] before = s.get("0.exp_avg").toFloatArray();
    s.get("0.exp_avg").device().kernels().fill(s.get("0.exp_avg"), 42f);
    assertArrayEquals(before, opt.state().get("0.exp_avg").toFloatArray());
    Map<String, Tensor> snapshot = opt.state();
    run(opt, ps, 3, 3);
    assertArrayEquals(before, snapshot.get("0.exp_avg").toFloatArray(), "a later step");
    assertEquals(2f, snapshot.get("0.step").item());
  }

  @Test
  void loadStateCopiesItsInput() {
    List<Parameter> ps = OptimFixtures.initialParams(INPUTS);
    Sgd opt = new Sgd(ps, 0.1f).momentum(0.9f);
    run(opt, ps, 1, 2);
    Map<String, Tensor> saved = opt.state();
    Sgd other = new Sgd(OptimFixtures.initialParams(INPUTS), 0.1f).momentum(0.9f);
    other.loadState(saved);
    Tensor buf = saved.get("0.momentum_buffer");
    float[] expected = buf.toFloatArray();
    buf.device().kernels().fill(buf, 7f);
    assertArrayEquals(expected, other.state().get("0.momentum_buffer").toFloatArray());
  }

  @Test
  void loadingAnEmptyStateStartsAfresh() {
    List<Parameter> ps = OptimFixtures.initialParams(INPUTS);
    Adam opt = new Adam(ps, 0.1f).amsgrad(true);
    run(opt, ps, 1, 3);
    opt.loadState(Map.of());
    assertTrue(opt.state().isEmpty());
    opt.amsgrad(false); // no state any more: the layout may change again
    run(opt, ps, 4, 4);
    assertEquals(1f, opt.state().get("0.step").item());
  }

  @Test
  void stateOfOnlySomeParametersLoads() {
    List<Parameter> ps = OptimFixtures.initialParams(INPUTS);
    Adam opt = new Adam(ps, 0.1f);
    run(opt, ps, 1, 2);
    Map<String, Tensor> saved = new LinkedHashMap<>(opt.state());
    saved.keySet().removeIf(k -> k.startsWith("1."));
    Adam other = new Adam(OptimFixtures.initialParams(INPUTS), 0.1f);
    other.loadState(saved);
    assertEquals(saved.keySet(), other.state().keySet());
  }

  @Test
  void badAdamStateIsRejectedListingEveryProblemAndChangesNothing() {
    List<Parameter> ps = OptimFixtures.initialParams(INPUTS);
    Adam opt = new Adam(ps, 0.05f);
    run(opt, ps, 1, 3);
    Map<String, Tensor> good = opt.state();

    assertRejected(opt, good, s -> s.put("2.exp_avg", Tensor.zeros(3)),
        "unexpected key '2.exp_avg'");
    assertRejected(opt, good, s -> s.put("0.momentum_buffer", Tensor.zeros(3, 4)),
        "unexpected key '0.momentum_buffer'");
    assertRejected(opt, good, s -> s.put("0.max_exp_avg_sq", Tensor.zeros(3, 4)),
        "unexpected key '0.max_exp_avg_sq'");
    assertRejected(opt, good, s -> s.put("exp_avg", Tensor.zeros(3, 4)),
        "unexpected key 'exp_avg'");
    assertRejected(opt, good, s -> s.put("00.exp_avg", Tensor.zeros(3, 4)),
        "unexpected key '00.exp_avg'");
    assertRejected(opt, good, s -> s.put("0.exp_avg", Tensor.zeros(4, 3)),
        "'0.exp_avg' has shape (4, 3) but parameter 0 has shape (3, 4)");
    assertRejected(opt, good, s -> s.remove("1.exp_avg_sq"), "missing key '1.exp_avg_sq'");
    assertRejected(opt, good, s -> s.put("1.step", Tensor.of(new float[] {3f}, 1)),
        "'1.step' has shape (1) but a step count has shape ()");
    assertRejected(opt, good, s -> s.put("1.step", Tensor.scalar(2.5f)),
        "'1.step' must hold a whole number >= 0, got 2.5");
    assertRejected(opt, good, s -> s.put("1.step", Tensor.scalar(-1f)),
        "'1.step' must hold a whole number >= 0, got -1.0");
    assertRejected(opt, good, s -> s.put("0.exp_avg", null), "'0.exp_avg' is null");

    // several problems at once: all are listed, in one exception
    Map<String, Tensor> bad = new LinkedHashMap<>(good);
    bad.put("0.exp_avg", Tensor.zeros(12));
    bad.remove("1.step");
    bad.put("5.exp_avg", Tensor.zeros(1));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> opt.loadState(bad));
    assertTrue(e.getMessage().startsWith("cannot load optimizer state into Adam: "),
        e.getMessage());
    for (String part : List.of("'0.exp_avg' has shape (12)", "missing key '1.step'",
        "unexpected key '5.exp_avg'", "(the optimizer state is unchanged)")) {
      assertTrue(e.getMessage().contains(part), e.getMessage());
    }

    // nothing changed: the state is as before and the trajectory goes on as without the loads
    assertStateEquals(good, opt.state());
    List<Parameter> reference = OptimFixtures.initialParams(INPUTS);
    Adam untouched = new Adam(reference, 0.05f);
    run(untouched, reference, 1, 3);
    run(opt, ps, 4, 6);
    run(untouched, reference, 4, 6);
    assertArrayEquals(reference.get(0).toFloatArray(), ps.get(0).toFloatArray());
    assertStateEquals(untouched.state(), opt.state());
  }

  @Test
  void amsgradStateNeedsItsMaximum() {
    List<Parameter> ps = OptimFixtures.initialParams(INPUTS);
    Adam plain = new Adam(ps, 0.05f);
    run(plain, ps, 1, 1);
    Adam ams = new Adam(OptimFixtures.initialParams(INPUTS), 0.05f).amsgrad(true);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> ams.loadState(plain.state()));
    assertTrue(e.getMessage().contains("missing key '0.max_exp_avg_sq'"), e.getMessage());
    assertTrue(ams.state().isEmpty());
  }

  @Test
  void badSgdStateIsRejectedAndChangesNothing() {
    List<Parameter> ps = OptimFixtures.initialParams(INPUTS);
    Sgd opt = new Sgd(ps, 0.1f).momentum(0.9f);
    run(opt, ps, 1, 2);
    Map<String, Tensor> good = opt.state();
    assertEquals(List.of("0.momentum_buffer", "1.momentum_buffer"), List.copyOf(good.keySet()));
    assertRejected(opt, good, s -> s.put("1.momentum_buffer", Tensor.zeros(3, 1)),
        "'1.momentum_buffer' has shape (3, 1) but parameter 1 has shape (3)");
    assertRejected(opt, good, s -> s.put("0.step", Tensor.scalar(1f)),
        "unexpected key '0.step'");
    assertRejected(opt, good, s -> s.put("-1.momentum_buffer", Tensor.zeros(3)),
        "unexpected key '-1.momentum_buffer'");
    assertRejected(opt, good, s -> s.put(null, Tensor.zeros(3)), "unexpected key 'null'");
  }

  @Test
  void loadStateChecksTheOptionsFirst() {
    Sgd opt = new Sgd(OptimFixtures.initialParams(INPUTS), 0.1f).nesterov(true);
    assertThrows(IllegalArgumentException.class, () -> opt.loadState(Map.of()));
  }

  private static void assertRejected(Optimizer opt, Map<String, Tensor> good,
      Consumer<Map<String, Tensor>> corrupt, String expectedPart) {
    Map<String, Tensor> bad = new HashMap<>(good);
    corrupt.accept(bad);
    Map<String, Tensor> before = opt.state();
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> opt.loadState(bad));
    assertTrue(e.getMessage().contains(expectedPart),
        "expected '" + expectedPart + "' in: " + e.getMessage());
    assertTrue(e.getMessage().endsWith("(the optimizer state is unchanged)"), e.getMessage());
    assertStateEquals(before, opt.state());
  }

  private static void run(Optimizer opt, List<Parameter> params, int fromStep, int toStep) {
    for (int k = fromStep; k <= toStep; k++) {
      opt.zeroGrad();
      OptimFixtures.setGrads(params, INPUTS, k);
      opt.step();
    }
  }

  static void assertStateEquals(Map<String, Tensor> expected, Map<String, Tensor> actual) {
    assertEquals(List.copyOf(expected.keySet()), List.copyOf(actual.keySet()), "state keys");
    expected.forEach((k, v) -> {
      assertArrayEquals(v.shape(), actual.get(k).shape(), "shape of " + k);
      assertArrayEquals(v.toFloatArray(), actual.get(k).toFloatArray(), "values of " + k);
    });
  }
}
