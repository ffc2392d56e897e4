package dev.kiln.nn;

import dev.kiln.tensor.GradFn;
import dev.kiln.tensor.GradMode;
import dev.kiln.tensor.Tensor;
import java.util.function.Function;

/**
 * One call of a module with its hooks, as PyTorch's {@code Module.__call__}: pre-hooks, the
 * forward ({@code body}), forward hooks; then, in backward, the full backward hooks with the
 * gradients of the forward's own inputs (after any pre-hook's replacement) and of the final
 * output (after any forward hook's replacement). Replacements are followed by autograd, so a
 * hook returning {@code out * 2} doubles the gradient as in PyTorch. The result's recorded
 * backward maps its gradient to the gradients of {@code inputs}, whatever the hooks did (a
 * compiled caller relies on that). Eager layers and compiled models take this path only while
 * hooks are registered.
 */
public final class HookedForward {
  private HookedForward() {}

  /** Runs {@code body} on {@code module}'s behalf with its hooks around it. */
  public static Tensor run(Module module, Function<Tensor[], Tensor> body, Tensor... inputs) {
    Tensor[] leaves = new Tensor[inputs.length];
    for (int i = 0; i < inputs.length; i++) {
      leaves[i] = leaf(inputs[i]);
    }
    Tensor[] in = Hooks.pre(module, leaves);
    Tensor[] bodyIn = new Tensor[in.length];
    for (int i = 0; i < in.length; i++) {
      bodyIn[i] = in[i] == leaves[i] ? leaves[i] : leaf(in[i]);
    }
    Tensor out = body.apply(bodyIn);
    Tensor result = Hooks.forward(module, bodyIn, out);
    if (!GradMode.isEnabled() || !result.requiresGrad()) {
      return result;
    }
    Tensor view = new Tensor(result.device(), result.buffer(), result.shape());
    view.setGradFn(new Backward(module, inputs, leaves, in, bodyIn, result));
    return view;
  }

  /**
   * A leaf sharing {@code t}'s elements and its {@code requiresGrad}: a hook's computation on it
   * records from here, and the gradient that reaches it is read back as {@code t}'s.
   */
  private static Tensor leaf(Tensor t) {
    if (t == null) {
      return null;
    }
    return new Tensor(t.device(), t.buffer(), t.shape()).requiresGrad(t.requiresGrad());
  }

  /**
   * The gradient {@code g} of {@code r} carried back to the leaf {@code from} (null when
   * {@code r} does not depend on it): autograd over the hook's (or the body's) recorded ops.
   */
  public static Tensor through(Tensor r, Tensor g, Tensor from) {
    if (g == null || !r.requiresGrad()) {
      return null;
    }
    if (!from.requiresGrad()) {
      r.backward(g); // what the hook computed from other tensors (a parameter) gets its gradient
      return null;
    }
    from.setGrad(null);
    if (r == from) {
      return g;
    }
    r.backward(g);
    Tensor got = from.grad();
    from.setGrad(null);
    return got;
  }

  private static final class Backward extends GradFn {
    private final Module module;
    private final Tensor[] leaves;
    private final Tensor[] in;
    private final Tensor[] bodyIn;
    private final Tensor result;
    /** The module's full backward hooks when the forward ran. */
    private final java.util.List<BackwardHook> hooks;

    Backward(Module module, Tensor[] inputs, Tensor[] leaves, Tensor[] in, Tensor[] bodyIn,
        Tensor result) {
      super(inputs);
      this.module = module;
      this.leaves = leaves;
      this.in = in;
      this.bodyIn = bodyIn;
      this.result = result;
      this.hooks = Hooks.backwardHooks(module);
    }

    @Override
    public Tensor[] backward(Tensor dOut) {
      if (result.gradFn() != null) {
        for (Tensor b : bodyIn) {
          if (b != null) {
            b.setGrad(null);
          }
        }
        result.backward(dOut);
      }
      Tensor[] gradIn = new Tensor[bodyIn.length];
      for (int i = 0; i < bodyIn.length; i++) {
        gradIn[i] = bodyIn[i] == null || !bodyIn[i].requiresGrad() ? null
            : bodyIn[i] == result ? dOut : bodyIn[i].grad();
        if (bodyIn[i] != null) {
          bodyIn[i].setGrad(null);
        }
      }
      gradIn = Hooks.backward(module, hooks, gradIn, new Tensor[] {dOut});
      Tensor[] dx = new Tensor[leaves.length];
      for (int i = 0; i < leaves.length; i++) {
        dx[i] = in[i] == leaves[i] ? gradIn[i] : through(in[i], gradIn[i], leaves[i]);
      }
      return dx;
    }

    @Override
    public String name() {
      return module.typeName() + "HooksBackward";
    }
  }
}
