package dev.kiln.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import dev.kiln.io.SafeTensors;
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
 * Conv1d, Conv2d and ConvTranspose2d against PyTorch 1.13 ({@code
 * tools/fixtures/make_conv_fixtures.py}): built as the script builds them, each layer's repr
 * equals PyTorch's, the fixture's weights load strictly (the state-dict keys are PyTorch's), and
 * in train and in eval mode the output (atol 1e-5, rtol 1e-4) and the gradients of the input,
 * weight and bias (atol 1e-4, rtol 1e-3) match.
 */
class ConvFixtureTest {
  private record Case(String name, Supplier<ConvNd> layer, String repr) {}

  private static final List<Case> CASES = List.of(
      new Case("conv2d_pad", () -> new Conv2d(3, 4, 3).padding(1),
          "Conv2d(3, 4, kernel_size=(3, 3), stride=(1, 1), padding=(1, 1))"),
      new Case("conv2d_stride_groups", () -> new Conv2d(4, 6, 3, 2, 1).groups(2),
          "Conv2d(4, 6, kernel_size=(3, 3), stride=(2, 2), padding=(1, 1), groups=2)"),
      new Case("conv2d_dilation_nobias",
          () -> new Conv2d(3, 5, new int[] {3, 2}).padding(2, 1).dilation(2).bias(false),
          "Conv2d(3, 5, kernel_size=(3, 2), stride=(1, 1), padding=(2, 1), dilation=(2, 2),"
              + " bias=False)"),
      new Case("conv2d_same_even", () -> new Conv2d(3, 4, 4).padding("same"),
          "Conv2d(3, 4, kernel_size=(4, 4), stride=(1, 1), padding=same)"),
      new Case("conv2d_unbatched", () -> new Conv2d(2, 3, 3),
          "Conv2d(2, 3, kernel_size=(3, 3), stride=(1, 1))"),
      new Case("conv2d_tiles", () -> new Conv2d(8, 21, 3, 1, 1),
          "Conv2d(8, 21, kernel_size=(3, 3), stride=(1, 1), padding=(1, 1))"),
      new Case("conv1d_stride_groups", () -> new Conv1d(4, 6, 5, 2, 2).groups(2),
          "Conv1d(4, 6, kernel_size=(5,), stride=(2,), padding=(2,), groups=2)"),
      new Case("conv1d_same_dilation", () -> new Conv1d(3, 2, 4).padding("same").dilation(2),
          "Conv1d(3, 2, kernel_size=(4,), stride=(1,), padding=same, dilation=(2,))"),
      new Case("convt_stride_groups", () -> new ConvTranspose2d(4, 6, 3, 2, 1, 1).groups(2),
          "ConvTranspose2d(4, 6, kernel_size=(3, 3), stride=(2, 2), padding=(1, 1),"
              + " output_padding=(1, 1), groups=2)"),
      new Case("convt_dilation_nobias",
          () -> new ConvTranspose2d(3, 2, new int[] {2, 3}).stride(1, 2).padding(0, 1)
              .dilation(2).bias(false),
          "ConvTranspose2d(3, 2, kernel_size=(2, 3), stride=(1, 2), padding=(0, 1),"
              + " dilation=(2, 2), bias=False)"));

  @TestFactory
  Stream<DynamicTest> matchesPyTorch() throws Exception {
    Map<String, Tensor> f = SafeTensors.load(
        Path.of(ConvFixtureTest.class.getResource("/nn/conv.safetensors").toURI()));
    return CASES.stream().map(c -> dynamicTest(c.name(), () -> check(c, f)));
  }

  private static void check(Case c, Map<String, Tensor> f) {
    ConvNd layer = c.layer().get();
    assertEquals(c.repr(), layer.toString());
    Map<String, Tensor> state = new LinkedHashMap<>();
    state.put("weight", f.get(c.name() + "/weight"));
    Tensor bias = f.get(c.name() + "/bias");
    if (bias != null) {
      state.put("bias", bias);
    }
    assertEquals(List.copyOf(state.keySet()), List.copyOf(layer.stateDict().keySet()));
    layer.loadStateDict(state);
    for (boolean training : new boolean[] {true, false}) {
      String mode = c.name() + (training ? " (train)" : " (eval)");
      if (training) {
        layer.train();
      } else {
        layer.eval();
      }
      layer.zeroGrad();
      Tensor x0 = f.get(c.name() + "/x");
      Tensor x = Tensor.of(x0.toFloatArray(), x0.shape()).requiresGrad(true);
      Tensor y = layer.apply(x);
      close(mode + " y", f.get(c.name() + "/y"), y, 1e-5, 1e-4);
      y.backward(f.get(c.name() + "/dy"));
      close(mode + " dx", f.get(c.name() + "/dx"), x.grad(), 1e-4, 1e-3);
      close(mode + " dweight", f.get(c.name() + "/dweight"), layer.weight().grad(), 1e-4, 1e-3);
      if (bias != null) {
        close(mode + " dbias", f.get(c.name() + "/dbias"), layer.bias().grad(), 1e-4, 1e-3);
      } else {
        assertNull(layer.bias());
      }
    }
  }

  static void close(String what, Tensor expected, Tensor actual, double atol, double rtol) {
    assertArrayEquals(expected.shape(), actual.shape(), what + ": shape");
    float[] e = expected.toFloatArray();
    float[] a = actual.toFloatArray();
    double worst = 0;
    int bad = -1;
    for (int i = 0; i < e.length; i++) {
      double err = Math.abs((double) a[i] - e[i]);
      worst = Math.max(worst, err);
      if (!(err <= atol + rtol * Math.abs(e[i])) && bad < 0) {
        bad = i;
      }
    }
    if (bad >= 0) {
      fail(what + ": max error " + worst + ", first bad index " + bad + ": " + a[bad]
          + " vs PyTorch " + e[bad]);
    }
  }
}
