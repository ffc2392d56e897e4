package dev.kiln.optim;

import static dev.kiln.optim.SchedulerTest.assertClose;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.kiln.nn.Parameter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Schedulers drive every parameter group from its own base lr, as PyTorch 1.13's
 * get_last_lr() over two groups (lr 0.1 and 0.02; make_scheduler_fixtures.py's GROUPS, 100
 * steps, rtol 1e-5), and resume with both groups' lrs.
 */
class SchedulerGroupsTest {
  static final Map<String, double[]> FIXTURE = SchedulerTest.load("/optim/schedulers_groups.txt");
  static final Set<String> GROUPS = Set.of("step", "multistep", "cosine_eta_min",
      "linear_custom", "onecycle", "sequential_three");

  static Stream<Arguments> configs() {
    return SchedulerTest.configs().filter(a -> GROUPS.contains((String) a.get()[0]));
  }

  static Optimizer twoGroups() {
    return new Sgd(List.of(ParamGroup.of(new Parameter(new float[2], 2)),
        ParamGroup.of(new Parameter(new float[3], 3)).lr(0.02f)), 0.1f);
  }

  @Test
  void everyGroupConfigurationIsTested() {
    assertEquals(GROUPS.size(), configs().count());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("configs")
  void reproducesPyTorchsLrsPerGroup(String name, Function<Optimizer, LrScheduler> make) {
    Optimizer opt = twoGroups();
    LrScheduler s = make.apply(opt);
    for (int k = 0; k <= 100; k++) {
      if (k > 0) {
        s.step();
      }
      double[] lrs = s.getLastLrs();
      assertEquals(2, lrs.length);
      for (int g = 0; g < 2; g++) {
        assertClose(FIXTURE.get(name + "." + g)[k], lrs[g], name + " group " + g + " step " + k);
        assertEquals(lrs[g], (Double) opt.paramGroups().get(g).options().get("lr"),
            name + " optimizer group " + g + " step " + k);
      }
      assertEquals(lrs[0], s.getLastLr());
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("configs")
  void resumesBothGroups(String name, Function<Optimizer, LrScheduler> make) {
    LrScheduler first = make.apply(twoGroups());
    for (int k = 1; k <= 40; k++) {
      first.step();
    }
    Map<String, Double> saved = first.state();
    assertEquals(first.getLastLrs()[1], saved.get("last_lr.1"));
    Optimizer opt = twoGroups();
    LrScheduler resumed = make.apply(opt);
    resumed.loadState(saved);
    assertEquals(saved, resumed.state());
    for (int k = 41; k <= 100; k++) {
      resumed.step();
      for (int g = 0; g < 2; g++) {
        assertClose(FIXTURE.get(name + "." + g)[k], resumed.getLastLrs()[g],
            name + " resumed group " + g + " step " + k);
      }
    }
  }

  @Test
  void reduceOnPlateauReducesEveryGroup() {
    double[] metrics = SchedulerTest.FIXTURE.get("metrics.plateau_abs");
    Optimizer opt = twoGroups();
    ReduceLROnPlateau s = new ReduceLROnPlateau(opt).factor(0.7).patience(1)
        .threshold(0.002, true).minLr(0.004);
    for (int k = 0; k <= metrics.length; k++) {
      if (k > 0) {
        s.step(metrics[k - 1]);
      }
      for (int g = 0; g < 2; g++) {
        assertClose(FIXTURE.get("plateau_abs." + g)[k], s.getLastLrs()[g],
            "plateau group " + g + " step " + k);
      }
    }
    Map<String, Double> state = s.state();
    assertEquals(s.getLastLrs()[1], state.get("last_lr.1"));
    ReduceLROnPlateau resumed = new ReduceLROnPlateau(twoGroups());
    resumed.loadState(state);
    assertEquals(state, resumed.state());
  }

  @Test
  void aSingleGroupKeepsItsStateKeys() {
    Optimizer opt = new Sgd(List.of(new Parameter(new float[2], 2)), 0.1f);
    assertEquals(List.of("last_epoch", "_step_count", "base_lr", "last_lr"),
        List.copyOf(new StepLR(opt, 3).state().keySet()));
    Map<String, Double> expected = new LinkedHashMap<>();
    expected.put("last_epoch", 0.0);
    expected.put("_step_count", 1.0);
    expected.put("base_lr", 0.1);
    expected.put("base_lr.1", 0.02);
    expected.put("last_lr", 0.1);
    expected.put("last_lr.1", 0.02);
    assertEquals(expected, new StepLR(twoGroups(), 3).state());
  }
}
