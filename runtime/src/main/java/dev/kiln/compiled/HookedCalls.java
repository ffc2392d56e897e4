package dev.kiln.compiled;

import dev.kiln.nn.BackwardHook;
import dev.kiln.nn.HookedForward;
import dev.kiln.nn.Hooks;
import dev.kiln.nn.Module;
import dev.kiln.nn.UnaryModule;
import dev.kiln.nn.Workspace;
import dev.kiln.tensor.GradMode;
import dev.kiln.tensor.Tensor;
import java.util.List;
import java.util.function.Function;

/**
 * A layer call of a compiled plan, or a compiled model's forward, while hooks are registered on
 * that module: generated code tests {@link Module#hasHooks()} (one field read) and only then
 * calls here, so a model without hooks runs as before.
 *
 * <p>While gradients are recorded, the hooks see copies of the layer's input and output that
 * record what a hook computes from them; a replacement is written into the plan's buffer, and
 * the call's {@link Call} (kept by the plan for this forward's backward) carries the gradient
 * through the hooks' computation by autograd, as PyTorch does: a hook returning {@code out * 2}
 * doubles the gradient, even when it was removed before the backward. Under {@code noGrad}
 * hooks see the plan's buffers themselves: valid while the hook runs.
 */
public final class HookedCalls {
  private HookedCalls() {}

  /**
   * One recorded hooked layer call, for its backward: the copies the hooks saw ({@code xSeen};
   * {@code inSeen}, a leaf over a pre-hook's replacement {@code in}, or {@code xSeen};
   * {@code ySeen}), the forward hooks' result {@code out}, and the full backward hooks
   * registered when the forward ran.
   */
  public static final class Call {
    private final UnaryModule layer;
    private final Workspace ws;
    private final Tensor xSeen;
    private final Tensor in;
    private final Tensor inSeen;
    private final Tensor ySeen;
    private final Tensor out;
    private final List<BackwardHook> backwardHooks;

    private Call(UnaryModule layer, Workspace ws, Tensor xSeen, Tensor in, Tensor inSeen,
        Tensor ySeen, Tensor out) {
      this.layer = layer;
      this.ws = ws;
      this.xSeen = xSeen;
      this.in = in;
      this.inSeen = inSeen;
      this.ySeen = ySeen;
      this.out = out;
      this.backwardHooks = Hooks.backwardHooks(layer);
    }
  }

  /**
   * {@code layer.forwardInto(x, y, ws)} (then relu in place on {@code y} when {@code relu}: a
   * Linear fused with a following relu, whose hooks see the output before the relu) with the
   * layer's pre-hooks and forward hooks around it; the call's record when gradients are
   * recorded, else null.
   */
  public static Call forward(UnaryModule layer, Tensor x, Tensor y, Workspace ws, boolean relu) {
    Workspace w = ws != null ? ws : new Workspace();
    boolean rec = GradMode.isEnabled();
    Tensor xSeen = rec ? x.detach().requiresGrad(true) : x;
    Tensor in = Hooks.pre(layer, new Tensor[] {xSeen})[0];
    Tensor inSeen = in == xSeen || !rec ? in : leaf(in);
    layer.forwardInto(inSeen, y, w);
    Tensor ySeen = rec ? y.detach().requiresGrad(true) : y;
    Tensor out = Hooks.forward(layer, new Tensor[] {inSeen}, ySeen);
    if (out != ySeen) {
      y.device().kernels().copy(out, y);
    }
    if (relu) {
      y.device().kernels().relu(y, y);
    }
    return rec ? new Call(layer, w, xSeen, in, inSeen, ySeen, out) : null;
  }

  /** A leaf sharing {@code t}'s elements: where a pre-hook's replacement meets the layer. */
  private static Tensor leaf(Tensor t) {
    return new Tensor(t.device(), t.buffer(), t.shape()).requiresGrad(true);
  }

  /**
   * The backward of {@code c} for the gradient {@code dy} of the call's final output: through
   * the forward hooks' computation, the layer, the full backward hooks (which see the input
   * gradient, with a forward hook's own use of the input, and {@code dy}) and the pre-hooks'
   * computation; adds the input's gradient into {@code dx} (skipped when null).
   */
  public static void backward(Call c, Tensor dy, Tensor dx) {
    c.inSeen.setGrad(null);
    Tensor layerDy = dy;
    if (c.out != c.ySeen) {
      layerDy = HookedForward.through(c.out, dy, c.ySeen);
      layerDy = layerDy != null ? layerDy : Tensor.zerosLike(dy);
    }
    Tensor hookUse = c.inSeen.grad();
    c.inSeen.setGrad(null);
    boolean replaced = c.in != c.xSeen;
    Tensor own = dx != null || (replaced && c.in.requiresGrad()) ? Tensor.zerosLike(c.inSeen)
        : null;
    c.layer.backwardInto(c.inSeen, c.ySeen, layerDy, own, c.ws);
    if (own != null && hookUse != null) {
      own.device().kernels().accumulate(hookUse, own);
    }
    Tensor g = Hooks.backward(c.layer, c.backwardHooks, new Tensor[] {own},
        new Tensor[] {dy})[0];
    if (replaced) {
      g = HookedForward.through(c.in, g, c.xSeen);
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
    return HookedForward.run(model, body, inputs);
  }
}
