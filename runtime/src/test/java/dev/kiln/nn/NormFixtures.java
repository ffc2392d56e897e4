package dev.kiln.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.fail;

import dev.kiln.io.SafeTensors;
import dev.kiln.tensor.Tensor;
import java.nio.file.Path;
import java.util.Map;

/** The fixtures of tools/fixtures/make_norm_fixtures.py and a tolerance check. */
final class NormFixtures {
  static final double FWD_ATOL = 1e-5;
  static final double FWD_RTOL = 1e-4;
  static final double GRAD_ATOL = 1e-4;
  static final double GRAD_RTOL = 1e-3;

  private NormFixtures() {}

  static Path path(String name) {
    try {
      return Path.of(NormFixtures.class.getResource("/norm/" + name).toURI());
    } catch (Exception e) {
      throw new AssertionError("missing fixture " + name, e);
    }
  }

  static Map<String, Tensor> load(String name) {
    try {
      return SafeTensors.load(path(name));
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  static Tensor get(Map<String, Tensor> file, String key) {
    Tensor t = file.get(key);
    assertNotNull(t, "fixture tensor " + key);
    return t;
  }

  /** {@code |actual - expected| <= atol + rtol |expected|} per element, same shape. */
  static void assertClose(Tensor expected, Tensor actual, double atol, double rtol, String what) {
    assertNotNull(actual, what + " is null");
    assertArrayEquals(expected.shape(), actual.shape(), what + " shape");
    float[] e = expected.toFloatArray();
    float[] a = actual.toFloatArray();
    for (int i = 0; i < e.length; i++) {
      if (!(Math.abs(a[i] - e[i]) <= atol + rtol * Math.abs(e[i]))) {
        fail(what + " element " + i + ": " + a[i] + " vs torch " + e[i]);
      }
    }
  }
}
