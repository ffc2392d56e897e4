package dev.kiln.tensor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import dev.kiln.backend.opencl.OpenClSupport;
import dev.kiln.io.SafeTensors;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * The tensor ops of issue 17 against PyTorch 1.13 fixtures ({@code
 * tools/fixtures/make_tensor_op_fixtures.py}), on the CPU and on OpenCL: every output within atol
 * 1e-5 / rtol 1e-4, and the gradient of {@code sum_j sum(out_j * up_j)} for every input that takes
 * one within 1e-4 / 1e-3 (masks take none: their gradient stays null).
 */
class TensorOpFixtureTest {
  private static final Map<String, Tensor> FILE = load();
  private static final Map<String, Function<List<Tensor>, List<Tensor>>> OPS =
      new LinkedHashMap<>();

  static {
    one("transpose_0_2", x -> x.get(0).transpose(0, 2));
    one("transpose_-1_-2", x -> x.get(0).transpose(-1, -2));
    one("transpose_1_1", x -> x.get(0).transpose(1, 1));
    one("permute_0_2_1_3", x -> x.get(0).permute(0, 2, 1, 3));
    one("permute_3_1_0_2", x -> x.get(0).permute(3, 1, 0, 2));
    one("permute_-1_0_1_2", x -> x.get(0).permute(-1, 0, 1, 2));
    one("permute_2_0_1", x -> x.get(0).permute(2, 0, 1));
    one("view_6_-1", x -> x.get(0).view(6, -1));
    one("reshape_2_-1_3_2", x -> x.get(0).reshape(2, -1, 3, 2));
    one("reshape_-1", x -> x.get(0).reshape(-1));
    one("unsqueeze_0", x -> x.get(0).unsqueeze(0));
    one("unsqueeze_-1", x -> x.get(0).unsqueeze(-1));
    one("unsqueeze_1", x -> x.get(0).unsqueeze(1));
    one("squeeze_1", x -> x.get(0).squeeze(1));
    one("squeeze_0_noop", x -> x.get(0).squeeze(0));
    one("squeeze_-2", x -> x.get(0).squeeze(-2));
    one("softmax_-1", x -> x.get(0).softmax(-1));
    one("softmax_1", x -> x.get(0).softmax(1));
    one("log_softmax_-1", x -> x.get(0).logSoftmax(-1));
    one("log_softmax_0", x -> x.get(0).logSoftmax(0));
    one("cat_0", x -> Tensor.cat(x, 0));
    one("cat_1", x -> Tensor.cat(x, 1));
    one("cat_-1", x -> Tensor.cat(x, -1));
    one("cat_same_twice", x -> Tensor.cat(List.of(x.get(0), x.get(0)), 1));
    OPS.put("split_2_1", x -> x.get(0).split(2, 1));
    OPS.put("split_3_-1", x -> x.get(0).split(3, -1));
    OPS.put("split_4_0", x -> x.get(0).split(4, 0));
    OPS.put("chunk_3_1", x -> x.get(0).chunk(3, 1));
    OPS.put("chunk_4_1", x -> x.get(0).chunk(4, 1));
    OPS.put("chunk_3_-1", x -> x.get(0).chunk(3, -1));
    one("masked_fill_causal", x -> x.get(0).maskedFill(x.get(1), -1e9f));
    one("masked_fill_padding", x -> x.get(0).maskedFill(x.get(1), 2.5f));
    one("masked_fill_same", x -> x.get(0).maskedFill(x.get(1), 0f));
    one("masked_fill_row", x -> x.get(0).maskedFill(x.get(1), -3f));
    one("masked_fill_inf_softmax",
        x -> x.get(0).maskedFill(x.get(1), Float.NEGATIVE_INFINITY).softmax(-1));
    one("sum_1", x -> x.get(0).sum(1));
    one("sum_1_keepdim", x -> x.get(0).sum(1, true));
    one("sum_-1_keepdim", x -> x.get(0).sum(-1, true));
    one("mean_0", x -> x.get(0).mean(0));
    one("mean_0_keepdim", x -> x.get(0).mean(0, true));
    one("mean_-1_keepdim", x -> x.get(0).mean(-1, true));
    one("mean_2", x -> x.get(0).mean(2, false));
    one("select_1_2", x -> x.get(0).select(1, 2));
    one("select_-1_-1", x -> x.get(0).select(-1, -1));
    one("select_0_0", x -> x.get(0).select(0, 0));
    one("select_time_step", x -> x.get(0).select(2, 3));
    one("narrow_1_1_2", x -> x.get(0).narrow(1, 1, 2));
    one("narrow_-1_-3_2", x -> x.get(0).narrow(-1, -3, 2));
    one("narrow_0_0_1", x -> x.get(0).narrow(0, 0, 1));
    for (String n : new String[] {"same", "broadcast_last", "broadcast_first", "scalar_tensor"}) {
      one("div_" + n, x -> x.get(0).div(x.get(1)));
    }
    one("mul_float", x -> x.get(0).mul(0.37f));
    one("div_float", x -> x.get(0).div(8f));
    one("div_float_3", x -> x.get(0).div(3f));
    one("add_float", x -> x.get(0).add(1.5f));
    for (String n : new String[] {"4d", "4d_broadcast", "4d_2d"}) {
      one("matmul_" + n, x -> x.get(0).matmul(x.get(1)));
    }
    one("matmul_qk", x -> x.get(0).matmul(x.get(1).transpose(-2, -1)));
    one("attention", x -> {
      Tensor q = x.get(0);
      Tensor scores = q.matmul(x.get(1).transpose(-2, -1)).div((float) Math.sqrt(q.size(-1)));
      return scores.maskedFill(x.get(3), Float.NEGATIVE_INFINITY).softmax(-1).matmul(x.get(2));
    });
  }

  private static void one(String name, Function<List<Tensor>, Tensor> op) {
    OPS.put(name, x -> List.of(op.apply(x)));
  }

  @Test
  void theFixtureHoldsExactlyTheseCases() {
    TreeSet<String> inFile = new TreeSet<>();
    FILE.keySet().forEach(k -> inFile.add(k.substring(0, k.lastIndexOf('/'))));
    assertEquals(new TreeSet<>(OPS.keySet()), inFile);
  }

  @TestFactory
  Stream<DynamicTest> cpuMatchesTorch() {
    return OPS.keySet().stream().map(name -> dynamicTest(name, () -> check(name, Device.cpu())));
  }

  @TestFactory
  Stream<DynamicTest> openClMatchesTorch() {
    return OPS.keySet().stream().map(name -> dynamicTest(name,
        () -> check(name, OpenClSupport.device())));
  }

  private static void check(String name, Device device) {
    List<Tensor> in = new ArrayList<>();
    for (int i = 0; FILE.containsKey(name + "/in" + i); i++) {
      Tensor x = FILE.get(name + "/in" + i).to(device).detach();
      in.add(x.requiresGrad(FILE.containsKey(name + "/grad" + i)));
    }
    List<Tensor> out = OPS.get(name).apply(in);
    Tensor loss = null;
    for (int j = 0; j < out.size(); j++) {
      assertEquals(device, out.get(j).device(), name + " out" + j + " device");
      assertClose(t(name, "out" + j), out.get(j), 1e-5, 1e-4, name + " out" + j);
      Tensor term = out.get(j).mul(t(name, "up" + j).to(device)).sum();
      loss = loss == null ? term : loss.add(term);
    }
    assertEquals(out.size(), FILE.keySet().stream()
        .filter(k -> k.startsWith(name + "/out")).count(), name + ": number of outputs");
    loss.backward();
    for (int i = 0; i < in.size(); i++) {
      if (FILE.containsKey(name + "/grad" + i)) {
        assertClose(t(name, "grad" + i), in.get(i).grad(), 1e-4, 1e-3, name + " grad" + i);
      } else {
        assertNull(in.get(i).grad(), name + ": input " + i + " takes no gradient");
      }
    }
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
      return SafeTensors.load(Path.of(TensorOpFixtureTest.class
          .getResource("/tensor/tensor_ops.safetensors").toURI()));
    } catch (Exception e) {
      throw new AssertionError("cannot load the tensor-op fixtures", e);
    }
  }
}
