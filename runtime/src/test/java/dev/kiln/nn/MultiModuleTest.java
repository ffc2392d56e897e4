package dev.kiln.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.kiln.backend.BinaryOp;
import dev.kiln.backend.Kernels;
import dev.kiln.tensor.Device;
import dev.kiln.tensor.GradCheck;
import dev.kiln.tensor.GradMode;
import dev.kiln.tensor.Tensor;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * MultiModule's eager {@code applyAll}: a tiny two-output layer with a parameter and a mask
 * input; the gradients through either output alone and through both equal central differences,
 * for both tensor inputs and the parameter (which only the first output reads); the mask takes
 * no gradient.
 */
class MultiModuleTest {

  /** {@code out0 = x * w + y}, {@code out1 = maskedFill(x * y, mask, 0)}; x, y (N, D), w (D). */
  static final class TwoOut extends MultiModule {
    final Parameter w;

    TwoOut(int d) {
      w = registerParameter("w", new Parameter(new float[] {0.5f, -1.5f, 2f}, d));
    }

    Tensor[] apply(Tensor x, Tensor y, Tensor mask) {
      return applyAll(x, y, mask);
    }

    @Override
    public int[][] outputShapes(int[][] in) {
      return new int[][] {in[0].clone(), in[0].clone()};
    }

    @Override
    protected boolean differentiable(int i) {
      return i < 2;
    }

    @Override
    public void forwardInto(Tensor[] in, Tensor[] out, Workspace ws) {
      Kernels k = in[0].device().kernels();
      k.binary(BinaryOp.MUL, in[0], w, out[0]);
      k.binary(BinaryOp.ADD, out[0], in[1], out[0]);
      k.binary(BinaryOp.MUL, in[0], in[1], out[1]);
      k.maskedFill(out[1], in[2], 0f, out[1]);
    }

    @Override
    public void backwardInto(Tensor[] in, Tensor[] out, Tensor[] dOut, Tensor[] dIn,
        Workspace ws) {
      Kernels k = in[0].device().kernels();
      if (dOut[0] != null) {
        k.binaryBackward(BinaryOp.MUL, 0, in[0], w, dOut[0], dIn[0]);
        if (w.requiresGrad()) {
          if (w.grad() == null) {
            w.setGrad(Tensor.zerosLike(w));
          }
          k.binaryBackward(BinaryOp.MUL, 1, in[0], w, dOut[0], w.grad());
        }
        if (dIn[1] != null) {
          k.accumulate(dOut[0], dIn[1]);
        }
      }
      if (dOut[1] != null) {
        Tensor g = ws.get(0, in[0].device(), in[0].shape());
        k.fill(g, 0f);
        k.maskedFillBackward(in[2], dOut[1], g);
        k.binaryBackward(BinaryOp.MUL, 0, in[0], in[1], g, dIn[0]);
        k.binaryBackward(BinaryOp.MUL, 1, in[0], in[1], g, dIn[1]);
      }
    }
  }

  private final TwoOut layer = new TwoOut(3);
  private final Tensor x = GradCheck.leaf(1, 1.0, 4, 3);
  private final Tensor y = GradCheck.leaf(2, 1.0, 4, 3);
  private final Tensor mask = Tensor.of(new float[] {0, 1, 0}, 3).to(Device.cpu());

  private void check(java.util.function.Function<Tensor[], Tensor> pick, Tensor... wrt) {
    List<Tensor> constants = List.of(wrt).contains(layer.w) ? List.of(mask)
        : List.of(mask, layer.w); // everything the forward reads moves to float64
    GradCheck.checkWith(constants, () -> pick.apply(layer.apply(x, y, mask)), wrt);
  }

  @Test
  void gradientThroughTheFirstOutputOnly() {
    check(o -> o[0], x, y, layer.w);
  }

  @Test
  void gradientThroughTheSecondOutputOnly() {
    check(o -> o[1], x, y);
    layer.w.setGrad(null);
    layer.apply(x, y, mask)[1].sum().backward();
    assertNull(layer.w.grad(), "w does not reach the second output");
  }

  @Test
  void gradientThroughBothOutputs() {
    check(o -> o[0].mul(o[1]).add(o[1]), x, y, layer.w);
  }

  @Test
  void forwardValuesMaskAndGradFnNames() {
    Tensor m = mask.detach().requiresGrad(true);
    Tensor[] out = layer.apply(x, y, m);
    float[] xs = x.toFloatArray();
    float[] ys = y.toFloatArray();
    float[] w = layer.w.toFloatArray();
    for (int i = 0; i < xs.length; i++) {
      assertEquals(xs[i] * w[i % 3] + ys[i], out[0].toFloatArray()[i], 1e-6f);
      assertEquals(i % 3 == 1 ? 0f : xs[i] * ys[i], out[1].toFloatArray()[i], 1e-6f);
    }
    assertEquals("TwoOutBackward0", out[0].gradFn().name());
    assertEquals("TwoOutBackward1", out[1].gradFn().name());
    out[0].add(out[1]).sum().backward();
    assertNull(m.grad(), "the mask takes no gradient");
    Tensor[] plain = GradMode.noGrad(() -> layer.apply(x, y, mask));
    assertNull(plain[0].gradFn());
    assertArrayEquals(out[1].toFloatArray(), plain[1].toFloatArray());
  }
}
