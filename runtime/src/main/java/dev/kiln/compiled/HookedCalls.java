package dev.kiln.compiled;

import dev.kiln.nn.Hooks;
import dev.kiln.nn.Module;
import dev.kiln.nn.UnaryModule;
import dev.kiln.nn.Workspace;
import dev.kiln.tensor.GradFn;
import dev.kiln.tensor.Tensor;
import java.util.Collections;
import java.util.Map;
import java.util.WeakHashMap;
import java.util.function.Function;

/**
 * A layer call of a compiled plan, or a compiled model's forward, while hooks are registered on
 * that module: generated code tests {@link Module#hasHooks()} (one field read) and only then
 * calls here, so a model without hooks runs as before.
 *
 * <p>The tensors a hook receives are the plan's buffers: valid while the hook runs, overwritten
 * by the next call (copy with {@code detach()} to keep one). A replacement is a value: the layer
 * computes with it (a replacement output is copied into the plan's output buffer), and the
 * compiled backward does not follow the hook's own computation: the gradient of a replaced
 * input or output is passed on as the gradient of the original one (exact for a replacement
 * such as {@code x + c}; PyTorch would differentiate through {@code 2 * x}).
 */
public final class HookedCalls {
  /** A replaced layer input, by the layer call's output buffer, for that call's backward. */
  private static final Map<Tensor, Tensor> REPLACED =
      Collections.synchronizedMap(new WeakHashMap<>());

  private HookedCalls() {}

  /**
   * {@code layer.forwardInto(x, y, ws)} (then relu in place on {@code y} when {@code relu}: a
   * Linear fused with a following relu, whose hooks see the output before the relu) with the
   * layer's pre-hooks and forward hooks around it.
   */
  public static void forward(UnaryModule layer, Tensor x, Tensor y, Workspace ws, boolean relu) {
    Tensor in = Hooks.pre(layer, new Tensor[] {x})[0];
    if (in != x) {
      REPLACED.put(y, in);
    } else {
      REPLACED.remove(y);
    }
    layer.forwardInto(in, y, ws != null ? ws : new Workspace());
    Tensor out = Hooks.forward(layer, new Tensor[] {in}, y);
    if (out != y) {
      y.device().kernels().copy(out, y);
    }
    if (relu) {
      y.device().kernels().relu(y, y);
    }
  }

  /**
   * {@code layer.backwardInto(x, y, dy, dx, ws)} with the layer's full backward hooks: they see
   * this call's own input gradient (before it is added into {@code dx}) and {@code dy}.
   */
  public static void backward(UnaryModule layer, Tensor x, Tensor y, Tensor dy, Tensor dx,
      Workspace ws) {
    Tensor in = REPLACED.getOrDefault(y, x);
    Tensor own = dx == null ? null : Tensor.zerosLike(dx);
    layer.backwardInto(in, y, dy, own, ws != null ? ws : new Workspace());
    Tensor[] g = Hooks.backward(layer, new Tensor[] {own}, new Tensor[] {dy});
    if (dx != null && g[0] != null) {
      dx.device().kernels().accumulate(g[0], dx);
    }
  }

  /**
   * A compiled model's forward with the model's own hooks: pre-hooks, {@code body} (the plan's
   * forward), then forward hooks; the full backward hooks run when the output's backward has
   * computed the inputs' gradients.
   */
  public static Tensor model(Module model, Function<Tensor[], Tensor> body, Tensor... inputs) {
    Tensor[] in = Hooks.pre(model, inputs);
    Tensor out = body.apply(in);
    if (Hooks.hasBackward(model) && out.gradFn() != null) {
      Tensor view = new Tensor(out.device(), out.buffer(), out.shape());
      view.setGradFn(new Backward(model, out.gradFn()));
      out = view;
    }
    Tensor replaced = Hooks.forward(model, in, out);
    if (replaced != out) {
      // a value, as for a layer: a nested model's caller reads out's recorded backward
      out.device().kernels().copy(replaced, out);
    }
    return out;
  }

  /** The model's recorded backward, then its full backward hooks. */
  private static final class Backward extends GradFn {
    private final Module model;
    private final GradFn inner;

    Backward(Module model, GradFn inner) {
      super(inner.inputs().toArray(Tensor[]::new));
      this.model = model;
      this.inner = inner;
    }

    @Override
    public Tensor[] backward(Tensor dOut) {
      return Hooks.backward(model, inner.backward(dOut), new Tensor[] {dOut});
    }

    @Override
    public String name() {
      return inner.name();
    }
  }
}
