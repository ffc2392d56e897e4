package dev.kiln.examples;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kiln.io.SafeTensors;
import dev.kiln.tensor.Tensor;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A PyTorch reference file written by {@code tools/fixtures/make_fixtures.py}: the state dict,
 * then {@code input}, {@code output}, {@code upstream}, {@code grad.input}, {@code grad.<key>}.
 */
final class Fixture {
  final Map<String, Tensor> all;

  Fixture(String name) throws Exception {
    all = SafeTensors.load(Path.of(Fixture.class.getResource("/fixtures/" + name).toURI()));
  }

  /** The {@code state_dict()} entries, in PyTorch's order. */
  Map<String, Tensor> stateDict() {
    Map<String, Tensor> s = new LinkedHashMap<>();
    all.forEach((k, v) -> {
      if (!k.startsWith("grad.") && !k.equals("input") && !k.equals("output")
          && !k.equals("upstream")) {
        s.put(k, v);
      }
    });
    return s;
  }

  Tensor get(String key) {
    return all.get(key);
  }

  /** Asserts {@code |actual - expected| <= atol + rtol * |expected|} element for element. */
  static void assertClose(Tensor expected, Tensor actual, double atol, double rtol, String what) {
    assertArrayEquals(expected.shape(), actual.shape(), what + ": shape");
    float[] e = expected.toFloatArray();
    float[] a = actual.toFloatArray();
    for (int i = 0; i < e.length; i++) {
      double tol = atol + rtol * Math.abs(e[i]);
      final int at = i;
      assertTrue(Math.abs(a[i] - e[i]) <= tol,
          () -> what + "[" + at + "]: expected " + e[at] + " but got " + a[at]);
    }
  }
}
