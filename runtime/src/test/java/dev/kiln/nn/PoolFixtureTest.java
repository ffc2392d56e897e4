package dev.kiln.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import dev.kiln.io.SafeTensors;
import dev.kiln.io.SafeTensorsFile;
import dev.kiln.tensor.Tensor;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * The pooling family against PyTorch 1.13 ({@code tools/fixtures/make_pool_fixtures.py}): for
 * every case, {@code toString()} equals PyTorch's repr, the output (in train and in eval mode)
 * matches within atol 1e-5 / rtol 1e-4 and the input gradient within 1e-4 / 1e-3; the case
 * list is the fixture's, so a missing or extra case fails.
 */
class PoolFixtureTest {
  static final Map<String, Supplier<UnaryModule>> LAYERS = new LinkedHashMap<>();

  static {
    LAYERS.put("max_k2", () -> new MaxPool2d(2));
    LAYERS.put("max_k3_s2_p1", () -> new MaxPool2d(3, 2, 1));
    LAYERS.put("max_k2_s1_d2", () -> new MaxPool2d(2, 1, 0, 2));
    LAYERS.put("max_k3_s2_ceil", () -> new MaxPool2d(3, 2).ceilMode(true));
    LAYERS.put("max_k2_s2_p1_ceil", () -> new MaxPool2d(2, 2, 1).ceilMode(true));
    LAYERS.put("max_tuple", () -> new MaxPool2d(new int[] {2, 3}).stride(1, 2).padding(1, 1));
    LAYERS.put("max_unbatched", () -> new MaxPool2d(2));
    LAYERS.put("max_ties", () -> new MaxPool2d(3, 1, 1));
    LAYERS.put("avg_k2", () -> new AvgPool2d(2));
    LAYERS.put("avg_k3_s2_p1", () -> new AvgPool2d(3, 2, 1));
    LAYERS.put("avg_k3_s2_p1_exclude", () -> new AvgPool2d(3, 2, 1).countIncludePad(false));
    LAYERS.put("avg_k3_s2_p1_ceil", () -> new AvgPool2d(3, 2, 1).ceilMode(true));
    LAYERS.put("avg_k2_s2_p1_ceil_exclude", () -> new AvgPool2d(2, 2, 1, true, false));
    LAYERS.put("avg_tuple", () -> new AvgPool2d(new int[] {3, 2}).stride(2, 1).padding(1, 0));
    LAYERS.put("adaptive_3", () -> new AdaptiveAvgPool2d(3));
    LAYERS.put("adaptive_1", () -> new AdaptiveAvgPool2d(1));
    LAYERS.put("adaptive_7x4", () -> new AdaptiveAvgPool2d(new int[] {7, 4}));
    LAYERS.put("adaptive_unbatched", () -> new AdaptiveAvgPool2d(new int[] {2, 3}));
    LAYERS.put("nearest_2", () -> new Upsample().scaleFactor(2));
    LAYERS.put("nearest_3", () -> new Upsample().scaleFactor(3));
    LAYERS.put("nearest_2x3", () -> new Upsample().scaleFactor(2, 3));
    LAYERS.put("bilinear_2", () -> new Upsample().scaleFactor(2).mode("bilinear"));
    LAYERS.put("bilinear_3_align",
        () -> new Upsample().scaleFactor(3).mode("bilinear").alignCorners(true));
    LAYERS.put("bilinear_2x3", () -> new Upsample().scaleFactor(2, 3).mode("bilinear"));
    LAYERS.put("bilinear_3x2_align",
        () -> new Upsample().scaleFactor(3, 2).mode("bilinear").alignCorners(true));
    LAYERS.put("shuffle_2", () -> new PixelShuffle(2));
    LAYERS.put("shuffle_3_unbatched", () -> new PixelShuffle(3));
    LAYERS.put("pad_1", () -> new ZeroPad2d(1));
    LAYERS.put("pad_lrtb", () -> new ZeroPad2d(new int[] {1, 2, 0, 3}));
    LAYERS.put("pad_negative", () -> new ZeroPad2d(new int[] {-1, 2, 1, -2}));
    LAYERS.put("pad_2d", () -> new ZeroPad2d(2));
    LAYERS.put("identity", Identity::new);
    LAYERS.put("unflatten", () -> new Unflatten(1, 2, 3));
    LAYERS.put("unflatten_inferred", () -> new Unflatten(-1, 2, -1));
  }

  @TestFactory
  Stream<DynamicTest> everyCaseMatchesPyTorch() throws Exception {
    Path path = Path.of(PoolFixtureTest.class.getResource("/nn/pool.safetensors").toURI());
    SafeTensorsFile file = SafeTensors.read(path);
    Map<String, Tensor> t = SafeTensors.load(path);
    assertEquals(List.copyOf(LAYERS.keySet()), List.copyOf(file.metadata().keySet()),
        "fixture cases");
    return LAYERS.entrySet().stream().map(e -> dynamicTest(e.getKey(), () -> {
      String name = e.getKey();
      UnaryModule layer = e.getValue().get();
      assertEquals(file.metadata().get(name), layer.toString(), "repr");
      for (boolean train : new boolean[] {true, false}) {
        if (train) {
          layer.train();
        } else {
          layer.eval();
        }
        Tensor x = get(t, name + "/input").detach().requiresGrad(true);
        Tensor y = layer.apply(x);
        Tensor expected = get(t, name + "/output");
        assertArrayEquals(expected.shape(), y.shape(), name + " output shape");
        assertClose(expected.toFloatArray(), y.toFloatArray(), 1e-5, 1e-4,
            name + " output (train " + train + ")");
        y.backward(get(t, name + "/upstream"));
        assertClose(get(t, name + "/grad").toFloatArray(), x.grad().toFloatArray(), 1e-4, 1e-3,
            name + " input gradient (train " + train + ")");
      }
    }));
  }

  private static Tensor get(Map<String, Tensor> t, String key) {
    Tensor v = t.get(key);
    assertNotNull(v, "fixture tensor " + key);
    return v;
  }

  static void assertClose(float[] expected, float[] actual, double atol, double rtol,
      String what) {
    assertEquals(expected.length, actual.length, what + " length");
    for (int i = 0; i < expected.length; i++) {
      double e = expected[i];
      double a = actual[i];
      boolean ok = Double.isNaN(e) ? Double.isNaN(a) : Math.abs(a - e) <= atol + rtol * Math.abs(e);
      if (!ok) {
        fail(what + " element " + i + ": expected " + e + " (PyTorch) but got " + a);
      }
    }
  }
}
