package dev.kiln.loss;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import dev.kiln.io.SafeTensors;
import dev.kiln.tensor.Tensor;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Every loss against PyTorch 1.13 fixtures ({@code tools/fixtures/make_loss_fixtures.py}): value
 * and input gradient for every reduction, weight, posWeight, ignoreIndex and labelSmoothing case,
 * within atol 1e-5 / rtol 1e-4. One dynamic test per fixture case; the case counts are fixed so
 * that a missing case fails.
 */
class LossFixtureTest {
  private static final double ATOL = 1e-5;
  private static final double RTOL = 1e-4;

  /** A fixture case: {@code set/reduction/options...}. */
  record Case(Map<String, Tensor> file, String set, Reduction reduction, List<String> options) {
    boolean has(String option) {
      return options.contains(option);
    }

    float value(String prefix, float otherwise) {
      for (String o : options) {
        if (o.startsWith(prefix) && !o.equals(prefix)) {
          return Float.parseFloat(o.substring(prefix.length()));
        }
      }
      return otherwise;
    }

    Tensor tensor(String name) {
      Tensor t = file.get(set + "/" + name);
      assertNotNull(t, "fixture tensor " + set + "/" + name);
      return t;
    }

    Tensor weightIf(String option, String name) {
      return has(option) ? tensor(name) : null;
    }
  }

  @TestFactory
  Stream<DynamicTest> mse() {
    return cases("mse", 3, c -> new MseLoss(c.reduction()));
  }

  @TestFactory
  Stream<DynamicTest> l1() {
    return cases("l1", 3, c -> new L1Loss(c.reduction()));
  }

  @TestFactory
  Stream<DynamicTest> smoothL1() {
    return cases("smooth_l1", 12,
        c -> new SmoothL1Loss(c.reduction()).withBeta(c.value("beta", 1f)));
  }

  @TestFactory
  Stream<DynamicTest> huber() {
    return cases("huber", 9, c -> new HuberLoss(c.reduction()).withDelta(c.value("delta", 1f)));
  }

  @TestFactory
  Stream<DynamicTest> bce() {
    return cases("bce", 12,
        c -> new BceLoss(c.reduction()).withWeight(c.weightIf("w", "weight")));
  }

  @TestFactory
  Stream<DynamicTest> bceWithLogits() {
    return cases("bce_with_logits", 36, c -> new BceWithLogitsLoss(c.reduction())
        .withWeight(c.weightIf("w", "weight")).withPosWeight(c.weightIf("pw", "pos_weight")));
  }

  @TestFactory
  Stream<DynamicTest> nll() {
    return cases("nll", 33, c -> new NllLoss(c.reduction())
        .withWeight(c.weightIf("w", "weight")).withIgnoreIndex((int) c.value("ig", -100)));
  }

  @TestFactory
  Stream<DynamicTest> crossEntropy() {
    return cases("cross_entropy", 60, c -> new CrossEntropyLoss(c.reduction())
        .withWeight(c.weightIf("w", "weight")).withIgnoreIndex((int) c.value("ig", -100))
        .withLabelSmoothing(c.value("ls", 0f)));
  }

  private Stream<DynamicTest> cases(String family, int expected,
      java.util.function.Function<Case, Loss> make) {
    Map<String, Tensor> file = load(family);
    List<DynamicTest> tests = new ArrayList<>();
    for (String key : file.keySet()) {
      if (!key.endsWith("/loss")) {
        continue;
      }
      String name = key.substring(0, key.length() - "/loss".length());
      List<String> parts = Arrays.asList(name.split("/"));
      Case c = new Case(file, parts.get(0), Reduction.valueOf(parts.get(1).toUpperCase(Locale.ROOT)),
          parts.subList(2, parts.size()));
      tests.add(dynamicTest(family + " " + name, () -> check(c, name, make.apply(c))));
    }
    assertEquals(expected, tests.size(), "number of " + family + " fixture cases");
    return tests.stream();
  }

  private static void check(Case c, String name, Loss loss) {
    assertEquals(c.reduction(), loss.reduction());
    Tensor x = c.tensor("input").detach().requiresGrad(true);
    Tensor out = loss.apply(x, c.tensor("target"));
    Tensor expectedLoss = c.file().get(name + "/loss");
    assertArrayEquals(expectedLoss.shape(), out.shape(), "loss shape");
    assertClose(expectedLoss.toFloatArray(), out.toFloatArray(), "loss");
    assertNull(x.grad());
    if (c.reduction() == Reduction.NONE) {
      out.backward(c.tensor("upstream"));
    } else {
      out.backward();
    }
    assertClose(c.file().get(name + "/grad").toFloatArray(), x.grad().toFloatArray(), "grad");
  }

  static void assertClose(float[] expected, float[] actual, String what) {
    assertEquals(expected.length, actual.length, what + " length");
    for (int i = 0; i < expected.length; i++) {
      double e = expected[i];
      double a = actual[i];
      boolean ok = Double.isNaN(e) ? Double.isNaN(a) : Math.abs(a - e) <= ATOL + RTOL * Math.abs(e);
      if (!ok) {
        fail(what + " element " + i + ": expected " + e + " (PyTorch) but got " + a);
      }
    }
  }

  private static Map<String, Tensor> load(String family) {
    try {
      return SafeTensors.load(
          Path.of(LossFixtureTest.class.getResource("/loss/" + family + ".safetensors").toURI()));
    } catch (Exception e) {
      throw new AssertionError("cannot load fixture " + family, e);
    }
  }
}
