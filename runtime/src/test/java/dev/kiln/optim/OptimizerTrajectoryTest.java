package dev.kiln.optim;

import static dev.kiln.optim.OptimFixtures.STEPS;
import static dev.kiln.optim.OptimFixtures.assertClose;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.kiln.nn.Parameter;
import dev.kiln.tensor.Tensor;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every optimizer configuration reproduces PyTorch 1.13's 10-step parameter trajectory on fixed
 * parameters and gradients (rtol 1e-5, atol 1e-7), its state (PyTorch's names and values) after
 * steps 5 and 10, and continues PyTorch's own step-5 state to the same step-10 parameters.
 */
class OptimizerTrajectoryTest {
  /** The configurations of make_optim_fixtures.py's CONFIGS, in the same order. */
  static Stream<Arguments> configs() {
    Map<String, Function<List<Parameter>, Optimizer>> c = new LinkedHashMap<>();
    c.put("sgd_plain", p -> new Sgd(p, 0.1f));
    c.put("sgd_momentum", p -> new Sgd(p, 0.1f).momentum(0.9f));
    c.put("sgd_dampening", p -> new Sgd(p, 0.1f).momentum(0.9f).dampening(0.5f));
    c.put("sgd_nesterov", p -> new Sgd(p, 0.1f).momentum(0.9f).nesterov(true));
    c.put("sgd_weight_decay", p -> new Sgd(p, 0.1f).weightDecay(0.05f));
    c.put("sgd_combined",
        p -> new Sgd(p, 0.05f).momentum(0.8f).dampening(0.3f).weightDecay(0.01f));
    c.put("sgd_nesterov_weight_decay_maximize", p -> new Sgd(p, 0.05f).nesterov(true)
        .momentum(0.7f).weightDecay(0.02f).maximize(true));
    c.put("adam_default", Adam::new);
    c.put("adam_lr", p -> new Adam(p, 0.05f));
    c.put("adam_weight_decay", p -> new Adam(p, 0.01f).weightDecay(0.1f));
    c.put("adam_amsgrad", p -> new Adam(p, 0.05f).betas(0.9f, 0.9f).amsgrad(true));
    c.put("adam_custom", p -> new Adam(p, 0.02f).betas(0.8f, 0.9f).eps(0.05f)
        .weightDecay(0.05f).amsgrad(true).maximize(true));
    c.put("adamw_default", AdamW::new);
    c.put("adamw_weight_decay", p -> new AdamW(p, 0.01f).weightDecay(0.5f));
    c.put("adamw_custom", p -> new AdamW(p, 0.02f).betas(0.85f, 0.95f).eps(1e-3f)
        .weightDecay(0.1f).amsgrad(true).maximize(true));
    c.put("rmsprop_default", RMSprop::new);
    c.put("rmsprop_momentum", p -> new RMSprop(p, 0.02f).alpha(0.9f).momentum(0.8f));
    c.put("rmsprop_centered", p -> new RMSprop(p, 0.01f).centered(true).eps(1e-3f)
        .weightDecay(0.1f));
    c.put("rmsprop_custom", p -> new RMSprop(p, 0.005f).alpha(0.8f).eps(1e-4f).weightDecay(0.05f)
        .momentum(0.5f).centered(true).maximize(true));
    c.put("adagrad_default", Adagrad::new);
    c.put("adagrad_lr_decay", p -> new Adagrad(p, 0.1f).lrDecay(0.05f).eps(1e-4f));
    c.put("adagrad_custom", p -> new Adagrad(p, 0.05f).lrDecay(0.01f).weightDecay(0.1f)
        .initialAccumulatorValue(0.5f).maximize(true));
    return c.entrySet().stream().map(e -> Arguments.of(e.getKey(), e.getValue()));
  }

  private static final Map<String, Tensor> INPUTS = OptimFixtures.load("inputs");

  @ParameterizedTest(name = "{0}")
  @MethodSource("configs")
  void reproducesPyTorchTrajectoryAndState(String name,
      Function<List<Parameter>, Optimizer> make) {
    Map<String, Tensor> expected = OptimFixtures.load(name);
    List<Parameter> params = OptimFixtures.initialParams(INPUTS);
    Optimizer opt = make.apply(params);
    for (int k = 1; k <= STEPS; k++) {
      opt.zeroGrad();
      OptimFixtures.setGrads(params, INPUTS, k);
      opt.step();
      assertClose(expected.get("step." + k + ".weight"), params.get(0), name + " step " + k
          + " weight");
      assertClose(expected.get("step." + k + ".bias"), params.get(1), name + " step " + k
          + " bias");
      if (k == 5 || k == 10) {
        assertStateMatches(expected, "state" + k, opt.state(), name + " after step " + k);
      }
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("configs")
  void continuesFromPyTorchsStepFiveState(String name,
      Function<List<Parameter>, Optimizer> make) {
    Map<String, Tensor> expected = OptimFixtures.load(name);
    List<Parameter> params = List.of(OptimFixtures.param(expected.get("step.5.weight")),
        OptimFixtures.param(expected.get("step.5.bias")));
    Optimizer opt = make.apply(params);
    opt.loadState(withoutPrefix(expected, "state5."));
    for (int k = 6; k <= STEPS; k++) {
      OptimFixtures.setGrads(params, INPUTS, k);
      opt.step();
    }
    assertClose(expected.get("step.10.weight"), params.get(0), name + " resumed weight");
    assertClose(expected.get("step.10.bias"), params.get(1), name + " resumed bias");
  }

  private static void assertStateMatches(Map<String, Tensor> fixture, String prefix,
      Map<String, Tensor> actual, String what) {
    Map<String, Tensor> expected = withoutPrefix(fixture, prefix + ".");
    assertEquals(expected.keySet(), actual.keySet(), what + ": state keys");
    expected.forEach((k, v) -> assertClose(v, actual.get(k), what + ": state '" + k + "'"));
  }

  private static Map<String, Tensor> withoutPrefix(Map<String, Tensor> m, String prefix) {
    Map<String, Tensor> out = new LinkedHashMap<>();
    m.forEach((k, v) -> {
      if (k.startsWith(prefix)) {
        out.put(k.substring(prefix.length()), v);
      }
    });
    return out;
  }
}
