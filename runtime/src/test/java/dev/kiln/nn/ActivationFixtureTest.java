package dev.kiln.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import dev.kiln.io.SafeTensors;
import dev.kiln.tensor.Tensor;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * The activation layers of issue 16 and their {@link F} forms against PyTorch 1.13 fixtures
 * ({@code tools/fixtures/make_activation_fixtures.py}): forward in train and in eval mode within
 * atol 1e-5 / rtol 1e-4, the input gradient (and PReLU's weight gradient) within 1e-4 / 1e-3.
 */
class ActivationFixtureTest {
  private static final Map<String, Tensor> FILE = load();

  /** Every fixture case: the Kiln layer, and the functional form (null: same as the layer). */
  private static final Map<String, Supplier<UnaryModule>> LAYERS = new LinkedHashMap<>();
  private static final Map<String, Function<Tensor, Tensor>> FUNCTIONS = new LinkedHashMap<>();

  static {
    layer("leaky_relu", LeakyReLU::new, F::leakyRelu);
    layer("leaky_relu_0.2", () -> new LeakyReLU(0.2f), x -> F.leakyRelu(x, 0.2f));
    layer("elu", ELU::new, F::elu);
    layer("elu_0.5", () -> new ELU(0.5f), x -> F.elu(x, 0.5f));
    layer("elu_wide", ELU::new, x -> F.elu(x, 1f));
    layer("gelu", GELU::new, F::gelu);
    layer("gelu_tanh", () -> new GELU("tanh"), x -> F.gelu(x, "tanh"));
    layer("gelu_wide", () -> new GELU("none"), x -> F.gelu(x, "none"));
    layer("gelu_tanh_wide", () -> new GELU("tanh"), x -> F.gelu(x, "tanh"));
    layer("silu", SiLU::new, F::silu);
    layer("silu_wide", SiLU::new, F::silu);
    for (String d : new String[] {"0", "1", "2", "-1", "1_rows", "1_shifted"}) {
      int dim = Integer.parseInt(d.split("_")[0]);
      layer("softmax_" + d, () -> new Softmax(dim), x -> F.softmax(x, dim));
      layer("log_softmax_" + d, () -> new LogSoftmax(dim), x -> F.logSoftmax(x, dim));
    }
    layer("prelu", PReLU::new, null);
    layer("prelu_3", () -> new PReLU(3), null);
    layer("prelu_1d", () -> new PReLU(1, 0.25f), null);
    layer("prelu_4_2d", () -> new PReLU(4), null);
  }

  private static void layer(String name, Supplier<UnaryModule> m, Function<Tensor, Tensor> f) {
    LAYERS.put(name, m);
    FUNCTIONS.put(name, f);
  }

  @Test
  void theFixtureHoldsExactlyTheseCases() {
    TreeSet<String> inFile = new TreeSet<>();
    FILE.keySet().forEach(k -> inFile.add(k.substring(0, k.lastIndexOf('/'))));
    assertEquals(new TreeSet<>(LAYERS.keySet()), inFile);
  }

  @TestFactory
  Stream<DynamicTest> layersMatchTorch() {
    return LAYERS.keySet().stream().flatMap(name -> Stream.of(true, false).map(training ->
        dynamicTest(name + (training ? " train" : " eval"), () -> {
          UnaryModule m = LAYERS.get(name).get();
          if (m instanceof PReLU) {
            m.loadStateDict(Map.of("weight", t(name, "weight")));
          }
          if (training) {
            m.train();
          } else {
            m.eval();
          }
          Tensor x = t(name, "input").detach().requiresGrad(true);
          Tensor y = m.apply(x);
          assertArrayEquals(x.shape(), y.shape());
          assertClose(t(name, "output"), y, 1e-5, 1e-4, name + " output");
          y.backward(t(name, "upstream"));
          assertClose(t(name, "grad"), x.grad(), 1e-4, 1e-3, name + " input gradient");
          if (m instanceof PReLU p) {
            assertClose(t(name, "weight_grad"), p.weight().grad(), 1e-4, 1e-3,
                name + " weight gradient");
          }
        })));
  }

  @TestFactory
  Stream<DynamicTest> functionsMatchTorch() {
    return LAYERS.keySet().stream().map(name -> dynamicTest(name, () -> {
      Tensor x = t(name, "input").detach().requiresGrad(true);
      Tensor w = null;
      Tensor y;
      if (FUNCTIONS.get(name) == null) {
        w = t(name, "weight").detach().requiresGrad(true);
        y = F.prelu(x, w);
      } else {
        y = FUNCTIONS.get(name).apply(x);
      }
      assertClose(t(name, "output"), y, 1e-5, 1e-4, name + " output");
      y.backward(t(name, "upstream"));
      assertClose(t(name, "grad"), x.grad(), 1e-4, 1e-3, name + " input gradient");
      if (w != null) {
        assertClose(t(name, "weight_grad"), w.grad(), 1e-4, 1e-3, name + " weight gradient");
      }
    }));
  }

  private static Tensor t(String name, String what) {
    Tensor t = FILE.get(name + "/" + what);
    assertNotNull(t, "fixture tensor " + name + "/" + what);
    return t;
  }

  static void assertClose(Tensor expected, Tensor actual, double atol, double rtol, String what) {
    assertNotNull(actual, what + " is missing");
    assertArrayEquals(expected.shape(), actual.shape(), what + " shape");
    float[] e = expected.toFloatArray();
    float[] a = actual.toFloatArray();
    double worst = 0;
    int bad = -1;
    for (int i = 0; i < e.length; i++) {
      double err = Math.abs((double) a[i] - e[i]);
      if (!(err <= atol + rtol * Math.abs(e[i])) && bad < 0) {
        bad = i;
      }
      worst = Math.max(worst, err);
    }
    if (bad >= 0) {
      fail(what + ": max error " + worst + ", first bad element " + bad + ": " + a[bad]
          + " vs PyTorch " + e[bad]);
    }
  }

  private static Map<String, Tensor> load() {
    try {
      return SafeTensors.load(Path.of(ActivationFixtureTest.class
          .getResource("/activations/activations.safetensors").toURI()));
    } catch (Exception e) {
      throw new AssertionError("cannot load the activation fixtures", e);
    }
  }
}
