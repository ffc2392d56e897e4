package dev.kiln.optim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kiln.nn.Parameter;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every scheduler reproduces PyTorch 1.13's lr after its constructor and each of 100 steps
 * (tools/fixtures/make_scheduler_fixtures.py, rtol 1e-5), and resumes from its state.
 */
class SchedulerTest {
  static final double RTOL = 1e-5;
  static final double ATOL = 1e-12;
  static final Map<String, double[]> FIXTURE = load("/optim/schedulers.txt");

  /** make_scheduler_fixtures.py's CONFIGS, in the same order. */
  static Stream<Arguments> configs() {
    Map<String, Function<Optimizer, LrScheduler>> c = new LinkedHashMap<>();
    c.put("step", o -> new StepLR(o, 7));
    c.put("step_gamma", o -> new StepLR(o, 3, 0.8));
    c.put("multistep", o -> new MultiStepLR(o, new int[] {10, 30, 30, 75}, 0.5));
    c.put("exponential", o -> new ExponentialLR(o, 0.97));
    c.put("cosine", o -> new CosineAnnealingLR(o, 30));
    c.put("cosine_eta_min", o -> new CosineAnnealingLR(o, 17, 0.01));
    c.put("linear", LinearLR::new);
    c.put("linear_custom", o -> new LinearLR(o, 0.05, 0.5, 40));
    c.put("onecycle", o -> new OneCycleLR(o, 1.0, 100));
    c.put("onecycle_linear", o -> new OneCycleLR(o, 0.5, 120, 0.25, OneCycleLR.Anneal.LINEAR,
        10.0, 100.0, false));
    c.put("onecycle_three_phase", o -> new OneCycleLR(o, 0.8, 10 * 11, 0.3,
        OneCycleLR.Anneal.COS, 25, 1e4, true));
    c.put("sequential", o -> new SequentialLR(o, List.of(new LinearLR(o, 0.1, 1.0, 5),
        new ExponentialLR(o, 0.95)), new int[] {5}));
    c.put("sequential_three", o -> new SequentialLR(o, List.of(new LinearLR(o, 0.5, 1.0, 10),
        new CosineAnnealingLR(o, 20, 0.001), new StepLR(o, 7, 0.5)), new int[] {10, 50}));
    return c.entrySet().stream().map(e -> Arguments.of(e.getKey(), e.getValue()));
  }

  static Stream<Arguments> plateaus() {
    Map<String, Function<Optimizer, ReduceLROnPlateau>> c = new LinkedHashMap<>();
    c.put("plateau_min", o -> new ReduceLROnPlateau(o).patience(3));
    c.put("plateau_max", o -> new ReduceLROnPlateau(o).maximize(true).factor(0.5).patience(2)
        .cooldown(2));
    c.put("plateau_abs", o -> new ReduceLROnPlateau(o).factor(0.7).patience(1)
        .threshold(0.002, true).minLr(0.004));
    c.put("plateau_max_abs", o -> new ReduceLROnPlateau(o).maximize(true).factor(0.8)
        .patience(0).threshold(0.01, true).cooldown(1).minLr(0.01));
    return c.entrySet().stream().map(e -> Arguments.of(e.getKey(), e.getValue()));
  }

  static Optimizer sgd() {
    return new Sgd(List.of(new Parameter(new float[2], 2)), 0.1f);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("configs")
  void reproducesPyTorchLrs(String name, Function<Optimizer, LrScheduler> make) {
    double[] expected = FIXTURE.get(name);
    Optimizer opt = sgd();
    LrScheduler s = make.apply(opt);
    assertClose(expected[0], s.getLastLr(), name + " after the constructor");
    for (int k = 1; k < expected.length; k++) {
      s.step();
      assertClose(expected[k], s.getLastLr(), name + " step " + k);
      assertClose(expected[k], opt.lrValue(), name + " optimizer lr at step " + k);
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("configs")
  void resumesFromState(String name, Function<Optimizer, LrScheduler> make) {
    double[] expected = FIXTURE.get(name);
    LrScheduler first = make.apply(sgd());
    for (int k = 1; k <= 40; k++) {
      first.step();
    }
    Map<String, Double> saved = first.state();
    Optimizer opt = sgd();
    LrScheduler resumed = make.apply(opt);
    resumed.loadState(saved);
    assertEquals(saved, resumed.state());
    for (int k = 41; k < expected.length; k++) {
      resumed.step();
      assertClose(expected[k], resumed.getLastLr(), name + " resumed, step " + k);
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("plateaus")
  void reduceOnPlateauReproducesPyTorch(String name,
      Function<Optimizer, ReduceLROnPlateau> make) {
    double[] expected = FIXTURE.get(name);
    double[] metrics = FIXTURE.get("metrics." + name);
    Optimizer opt = sgd();
    ReduceLROnPlateau s = make.apply(opt);
    ReduceLROnPlateau resumed = null;
    assertClose(expected[0], s.getLastLr(), name + " initially");
    for (int k = 1; k < expected.length; k++) {
      s.step(metrics[k - 1]);
      assertClose(expected[k], s.getLastLr(), name + " step " + k);
      if (resumed != null) {
        resumed.step(metrics[k - 1]);
        assertEquals(s.state(), resumed.state(), name + " resumed, step " + k);
      } else if (k == 30) {
        resumed = make.apply(sgd());
        resumed.loadState(s.state());
      }
    }
  }

  @Test
  void loadStateRejectsWrongKeysAndChangesNothing() {
    Optimizer opt = sgd();
    StepLR s = new StepLR(opt, 2);
    Map<String, Double> before = s.state();
    Map<String, Double> bad = new HashMap<>(before);
    bad.remove("base_lr");
    bad.put("gamma", 0.5);
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> s.loadState(bad));
    assertTrue(e.getMessage().contains("missing key 'base_lr'"), e.getMessage());
    assertTrue(e.getMessage().contains("unexpected key 'gamma'"), e.getMessage());
    assertEquals(before, s.state());
  }

  @Test
  void rejectsBadOptions() {
    assertThrows(IllegalArgumentException.class, () -> new StepLR(sgd(), 0));
    assertThrows(IllegalArgumentException.class, () -> new LinearLR(sgd(), 0, 1, 5));
    assertThrows(IllegalArgumentException.class, () -> new ReduceLROnPlateau(sgd()).factor(1));
    Optimizer o = sgd();
    assertThrows(IllegalArgumentException.class,
        () -> new SequentialLR(o, List.of(new StepLR(o, 2)), new int[] {3}));
    OneCycleLR one = new OneCycleLR(sgd(), 1.0, 3);
    for (int k = 0; k < 3; k++) {
      one.step();
    }
    assertThrows(IllegalStateException.class, one::step);
  }

  static void assertClose(double expected, double actual, String what) {
    assertTrue(Math.abs(actual - expected) <= ATOL + RTOL * Math.abs(expected),
        what + ": expected " + expected + " got " + actual);
  }

  static Map<String, double[]> load(String resource) {
    try (InputStream in = SchedulerTest.class.getResourceAsStream(resource)) {
      Map<String, double[]> out = new HashMap<>();
      for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
        String[] parts = line.trim().split(" ");
        out.put(parts[0], Arrays.stream(parts, 1, parts.length)
            .mapToDouble(Double::parseDouble).toArray());
      }
      return out;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
