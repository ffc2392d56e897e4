package dev.kiln.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kiln.io.SafeTensors;
import dev.kiln.tensor.Tensor;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * ClipGrad reproduces torch.nn.utils.clip_grad_norm_ / clip_grad_value_ on the gradients of
 * make_scheduler_fixtures.py (rtol 1e-5, atol 1e-7), ignoring a parameter without a gradient.
 */
class ClipGradTest {
  static final float RTOL = 1e-5f;
  static final float ATOL = 1e-7f;

  static Map<String, Tensor> fixture() throws Exception {
    return SafeTensors.load(
        Path.of(ClipGradTest.class.getResource("/optim/clip.safetensors").toURI()));
  }

  /** Three parameters with the fixture's gradients, then one without a gradient. */
  static List<Parameter> params(Map<String, Tensor> f) {
    List<Parameter> out = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      Tensor g = f.get("grad." + i);
      Parameter p = new Parameter(new float[g.numel()], g.shape());
      p.setGrad(Tensor.of(g.toFloatArray(), g.shape()));
      out.add(p);
    }
    out.add(new Parameter(new float[2], 2));
    return out;
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({"norm2, 1.0, 2", "norm2_no_clip, 100.0, 2", "norm1, 2.0, 1", "norm3, 0.7, 3",
      "norm_inf, 0.5, Infinity"})
  void clipGradNormMatchesPyTorch(String name, float maxNorm, double normType) throws Exception {
    Map<String, Tensor> f = fixture();
    List<Parameter> params = params(f);
    float total = ClipGrad.clipGradNorm(params, maxNorm, normType);
    assertClose(f.get(name + ".total").item(), total, name + ".total");
    assertGrads(f, name, params);
  }

  @Test
  void clipGradValueMatchesPyTorch() throws Exception {
    Map<String, Tensor> f = fixture();
    List<Parameter> params = params(f);
    ClipGrad.clipGradValue(params, 0.3f);
    assertGrads(f, "value", params);
  }

  @Test
  void noGradientsGiveZeroAndBadNormTypeThrows() {
    List<Parameter> none = List.of(new Parameter(new float[2], 2));
    assertEquals(0f, ClipGrad.clipGradNorm(none, 1f));
    assertNull(none.get(0).grad());
    assertThrows(IllegalArgumentException.class, () -> ClipGrad.clipGradNorm(none, 1f, 0));
  }

  private static void assertGrads(Map<String, Tensor> f, String name, List<Parameter> params) {
    for (int i = 0; i < 3; i++) {
      Tensor expected = f.get(name + ".grad." + i);
      assertArrayEquals(expected.shape(), params.get(i).grad().shape());
      float[] e = expected.toFloatArray();
      float[] a = params.get(i).grad().toFloatArray();
      for (int j = 0; j < e.length; j++) {
        assertClose(e[j], a[j], name + ".grad." + i + "[" + j + "]");
      }
    }
    assertNull(params.get(3).grad());
  }

  private static void assertClose(float expected, float actual, String what) {
    assertTrue(Math.abs(actual - expected) <= ATOL + RTOL * Math.abs(expected),
        what + ": expected " + expected + " got " + actual);
  }
}
