package dev.kiln.optim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kiln.io.SafeTensors;
import dev.kiln.nn.Parameter;
import dev.kiln.tensor.Shapes;
import dev.kiln.tensor.Tensor;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * The PyTorch reference data written by {@code tools/fixtures/make_optim_fixtures.py}: initial
 * parameters (a (3, 4) weight and a (3) bias), 10 gradients, and per configuration the
 * parameters after each step and the optimizer state after steps 5 and 10.
 */
final class OptimFixtures {
  static final int STEPS = 10;
  static final float RTOL = 1e-5f;
  static final float ATOL = 1e-7f;

  private OptimFixtures() {}

  static Map<String, Tensor> load(String name) {
    try {
      String resource = "/optim/" + name + ".safetensors";
      return SafeTensors.load(Path.of(OptimFixtures.class.getResource(resource).toURI()));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Fresh parameters holding the fixture's initial weight and bias. */
  static List<Parameter> initialParams(Map<String, Tensor> inputs) {
    return List.of(param(inputs.get("weight")), param(inputs.get("bias")));
  }

  static Parameter param(Tensor t) {
    return new Parameter(t.toFloatArray(), t.shape());
  }

  /** Sets the gradients of step {@code k} (1-based), as fresh tensors. */
  static void setGrads(List<Parameter> params, Map<String, Tensor> inputs, int k) {
    params.get(0).setGrad(copy(inputs.get("grad." + k + ".weight")));
    params.get(1).setGrad(copy(inputs.get("grad." + k + ".bias")));
  }

  static Tensor copy(Tensor t) {
    return Tensor.of(t.toFloatArray(), t.shape());
  }

  /** |actual - expected| <= ATOL + RTOL |expected| elementwise, shapes equal. */
  static void assertClose(Tensor expected, Tensor actual, String what) {
    assertArrayEquals(expected.shape(), actual.shape(), what + ": shape");
    float[] e = expected.toFloatArray();
    float[] a = actual.toFloatArray();
    for (int i = 0; i < e.length; i++) {
      float tol = ATOL + RTOL * Math.abs(e[i]);
      assertTrue(Math.abs(a[i] - e[i]) <= tol, what + "[" + i + "]: expected " + e[i] + " got "
          + a[i] + " (shape " + Shapes.toString(expected.shape()) + ")");
    }
  }
}
