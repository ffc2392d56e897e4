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
 * Two parameter groups (the weight in group 0, the bias in group 1, each with options of its own
 * and the optimizer's for the rest) reproduce PyTorch 1.13's 10-step trajectories and state
 * (make_optim_fixtures.py's GROUP_CONFIGS, rtol 1e-5), and resume from a saved state and groups.
 */
class ParamGroupTrajectoryTest {
  /** GROUP_CONFIGS of make_optim_fixtures.py, in the same order. */
  static Stream<Arguments> configs() {
    Map<String, Function<List<Parameter>, Optimizer>> c = new LinkedHashMap<>();
    c.put("sgd", p -> new Sgd(List.of(ParamGroup.of(p.get(0)).lr(0.1f).momentum(0.9f),
        ParamGroup.of(p.get(1)).weightDecay(0.05f)), 0.01f).momentum(0.5f));
    c.put("sgd_added", p -> {
      Sgd opt = new Sgd(List.of(ParamGroup.of(p.get(0)).dampening(0.3f)), 0.1f).momentum(0.9f);
      opt.addParamGroup(ParamGroup.of(p.get(1)).lr(0.02f).nesterov(true));
      return opt;
    });
    c.put("adam", p -> new Adam(List.of(ParamGroup.of(p.get(0)).amsgrad(true).betas(0.8f, 0.9f),
        ParamGroup.of(p.get(1)).lr(0.01f).weightDecay(0.1f)), 0.05f));
    c.put("adamw", p -> new AdamW(List.of(ParamGroup.of(p.get(0)).lr(0.05f),
        ParamGroup.of(p.get(1)).weightDecay(0f).eps(1e-3f)), 0.02f));
    c.put("rmsprop", p -> new RMSprop(List.of(
        ParamGroup.of(p.get(0)).momentum(0.5f).centered(true),
        ParamGroup.of(p.get(1)).lr(0.002f)), 0.01f).alpha(0.9f));
    c.put("adagrad", p -> new Adagrad(List.of(ParamGroup.of(p.get(0)).lrDecay(0.05f),
        ParamGroup.of(p.get(1)).eps(0.01f).weightDecay(0.1f)), 0.1f));
    return c.entrySet().stream().map(e -> Arguments.of(e.getKey(), e.getValue()));
  }

  private static final Map<String, Tensor> INPUTS = OptimFixtures.load("inputs");

  @ParameterizedTest(name = "{0}")
  @MethodSource("configs")
  void reproducesPyTorchsTrajectoryAndState(String name,
      Function<List<Parameter>, Optimizer> make) {
    Map<String, Tensor> expected = OptimFixtures.load("groups_" + name);
    List<Parameter> params = OptimFixtures.initialParams(INPUTS);
    Optimizer opt = make.apply(params);
    assertEquals(2, opt.paramGroups().size());
    assertEquals(List.of(params.get(0), params.get(1)), opt.params());
    for (int k = 1; k <= STEPS; k++) {
      opt.zeroGrad();
      OptimFixtures.setGrads(params, INPUTS, k);
      opt.step();
      assertClose(expected.get("step." + k + ".weight"), params.get(0), name + " step " + k);
      assertClose(expected.get("step." + k + ".bias"), params.get(1), name + " step " + k);
    }
    Map<String, Tensor> state = withoutPrefix(expected, "state10.");
    assertEquals(state.keySet(), opt.state().keySet(), name + ": state keys");
    state.forEach((k, v) -> assertClose(v, opt.state().get(k), name + ": state " + k));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("configs")
  void resumesFromSavedStateAndGroups(String name, Function<List<Parameter>, Optimizer> make) {
    Map<String, Tensor> expected = OptimFixtures.load("groups_" + name);
    List<Parameter> params = OptimFixtures.initialParams(INPUTS);
    Optimizer first = make.apply(params);
    for (int k = 1; k <= 5; k++) {
      OptimFixtures.setGrads(params, INPUTS, k);
      first.step();
    }
    Map<String, Double> groups = first.paramGroupsState();
    assertEquals(1.0, groups.get("1.params"));
    // A fresh optimizer built with the optimizer-wide defaults only: the groups' own options
    // (and lrs) come back from the saved groups, as PyTorch's load_state_dict.
    List<Parameter> resumed = List.of(OptimFixtures.param(params.get(0)),
        OptimFixtures.param(params.get(1)));
    Optimizer second = make.apply(resumed);
    second.paramGroups().get(0).lr(123f);
    second.loadState(first.state(), groups);
    assertEquals(groups, second.paramGroupsState());
    for (int k = 6; k <= STEPS; k++) {
      OptimFixtures.setGrads(resumed, INPUTS, k);
      second.step();
    }
    assertClose(expected.get("step.10.weight"), resumed.get(0), name + " resumed weight");
    assertClose(expected.get("step.10.bias"), resumed.get(1), name + " resumed bias");
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
