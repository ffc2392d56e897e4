package dev.kiln.compiled;

import dev.kiln.nn.HookedForward;
import dev.kiln.nn.Hooks;
import dev.kiln.nn.Module;
import dev.kiln.nn.UnaryModule;
import dev.kiln.nn.Workspace;
import dev.kiln.tensor.GradMode;
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
 * <p>While gradients are recorded, a hook sees a copy of the layer's input and output that
 * records what the hook computes from it; a replacement is written into the plan's buffer and
 * the backward carries the gradient through the hook's computation by autograd, as PyTorch does
 * (a hook returning {@code out * 2} doubles the gradient). Under {@code noGrad} hooks see the
 * plan's buffers themselves: valid while the hook runs, overwritten by the next call.
 */
public final class HookedCalls {
  /** A call whose hooks replaced something, by the call's output buffer, for its backward. */
  private static final Map<Tensor, Replaced> REPLACED =
      Collections.synchronizedMap(new WeakHashMap<>());

  /**
   * What the hooks saw ({@code xSeen}, {@code ySeen}: records start there) and returned
   * ({@code in}, {@code out}); {@code in} is null when the input was kept.
   */
  private record Replaced(Tensor xSeen, Tensor in, Tensor ySeen, Tensor out) {}

  private HookedCalls() {}

  /**
   * {@code layer.forwardInto(x, y, ws)} (then relu in place on {@code y} when {@code relu}: a
   * Linear fused with a following relu, whose hooks see the output before the relu) with the
   * layer's pre-hooks and forward hooks around it.
   */
  public static void forward(UnaryModule layer, Tensor x, Tensor y, Workspace ws, boolean relu) {
    boolean rec = GradMode.isEnabled();
    Tensor xSeen = rec ? x.detach().requiresGrad(true) : x;
    Tensor in = Hooks.pre(layer, new Tensor[] {xSeen})[0];
    in = in == xSeen ? x : in;
    layer.forwardInto(in, y, ws != null ? ws : new Workspace());
    Tensor ySeen = rec ? y.detach().requiresGrad(true) : y;
    Tensor out = Hooks.forward(layer, new Tensor[] {in}, ySeen);
    if (out != ySeen) {
      y.device().kernels().copy(out, y);
    }
    if (rec && (in != x || out != ySeen)) {
      REPLACED.put(y, new Replaced(xSeen, in != x ? in : null, ySeen, out));
    } else {
      REPLACED.remove(y);
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
    Replaced r = REPLACED.get(y);
    Tensor in = r != null && r.in() != null ? r.in() : x;
    Tensor layerY = y;
    Tensor layerDy = dy;
    if (r != null && r.out() != r.ySeen()) {
      layerY = r.ySeen(); // the layer's own output, before the replacement
      layerDy = HookedForward.through(r.out(), dy, r.ySeen());
      layerDy = layerDy != null ? layerDy : Tensor.zerosLike(dy);
    }
    // a pre-hook's replacement may need a gradient (a parameter it used) when x needs none
    boolean replacedNeedsGrad = r != null && r.in() != null && r.in().requiresGrad();
    Tensor own = dx == null && !replacedNeedsGrad ? null : Tensor.zerosLike(in);
    layer.backwardInto(in, layerY, layerDy, own, ws != null ? ws : new Workspace());
    Tensor g = Hooks.backward(layer, new Tensor[] {own}, new Tensor[] {dy})[0];
    if (r != null && r.in() != null) {
      g = HookedForward.through(r.in(), g, r.xSeen());
    }
    if (dx != null && g != null) {
      dx.device().kernels().accumulate(g, dx);
    }
  }

  /**
   * A compiled model's forward with the model's own hooks: pre-hooks, {@code body} (the plan's
   * forward), forward hooks, and the full backward hooks when the output's backward has computed
   * the inputs' gradients (see {@link HookedForward}).
   */
  public static Tensor model(Module model, Function<Tensor[], Tensor> body, Tensor... inputs) {
    return HookedForward.run(model, in -> pin(body.apply(in)), inputs);
  }

  /**
   * The plan's output as a tensor of its own that keeps this forward's node: the plan returns
   * the same buffer tensor every call and the next forward replaces its node, so a backward
   * reaching it through the hooks' graph would run the later forward's node (and its inputs)
   * instead of refusing as the plan does for an overwritten output.
   */
  private static Tensor pin(Tensor out) {
    if (out.gradFn() == null) {
      return out;
    }
    Tensor t = new Tensor(out.device(), out.buffer(), out.shape());
    t.setGradFn(out.gradFn());
    return t;
  }
}
