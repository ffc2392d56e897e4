package dev.kiln.nn;

import dev.kiln.tensor.GradFn;
import dev.kiln.tensor.GradMode;
import dev.kiln.tensor.Tensor;

/**
 * A layer with one input and one output, written as a pair of kernels into preallocated
 * tensors. Compiled models call {@link #forwardInto} and {@link #backwardInto} directly;
 * {@link #apply} runs the layer eagerly with autograd. A user-written layer extends this class
 * and declares its shapes with {@link dev.kiln.ShapeContract}.
 */
public abstract class UnaryModule extends Module {
  /** The output shape for an input of shape {@code in}; throws if the input is not accepted. */
  public abstract int[] outputShape(int[] in);

  /**
   * {@code y = f(x)}; {@code y} has shape {@code outputShape(x.shape())}. A layer overrides this
   * or the {@link Workspace} form.
   */
  public void forwardInto(Tensor x, Tensor y) {
    throw new UnsupportedOperationException(typeName() + " overrides neither forwardInto form");
  }

  /**
   * {@link #forwardInto(Tensor, Tensor)} with the call site's {@link Workspace}: a layer that
   * keeps state for its backward (masks, statistics, scratch) overrides this pair and
   * {@link #backwardInto(Tensor, Tensor, Tensor, Tensor, Workspace)}. Compiled models and
   * {@link #apply} always call the workspace forms.
   */
  public void forwardInto(Tensor x, Tensor y, Workspace ws) {
    forwardInto(x, y);
  }

  /**
   * {@code y = relu(f(x))}: {@link #forwardInto} then an in-place relu, which a layer may fuse
   * into its own kernel (compiled models call this for a layer followed by ReLU).
   */
  public void forwardReluInto(Tensor x, Tensor y) {
    forwardInto(x, y);
    y.device().kernels().relu(y, y);
  }

  /**
   * Given the forward's {@code x} and {@code y} and the output gradient {@code dy}, adds the
   * input gradient into {@code dx} (skipped when null) and each parameter's gradient into its
   * {@code grad()}, creating it on first use.
   */
  public void backwardInto(Tensor x, Tensor y, Tensor dy, Tensor dx) {
    throw new UnsupportedOperationException(typeName() + " overrides neither backwardInto form");
  }

  /** {@link #backwardInto(Tensor, Tensor, Tensor, Tensor)} with the forward's workspace. */
  public void backwardInto(Tensor x, Tensor y, Tensor dy, Tensor dx, Workspace ws) {
    backwardInto(x, y, dy, dx);
  }

  /**
   * Runs the layer eagerly; the result records its backward when gradients are wanted. Hooks
   * registered on this layer run as in PyTorch (see {@link Module#registerForwardHook}).
   */
  public final Tensor apply(Tensor x) {
    if (hasHooks()) {
      return HookedForward.run(this, in -> applyUnhooked(in[0]), x);
    }
    return applyUnhooked(x);
  }

  private Tensor applyUnhooked(Tensor x) {
    Tensor y = x.device().zeros(outputShape(x.shape()));
    Workspace ws = new Workspace();
    forwardInto(x, y, ws);
    if (GradMode.recording(x) || (GradMode.isEnabled() && !parameters().isEmpty())) {
      y.setGradFn(new Backward(x, y, ws));
    }
    return y;
  }

  /**
   * The gradient buffer of {@code p}, created zero-filled on first use; null when {@code p} is
   * frozen ({@code requiresGrad(false)}), which kernels skip.
   */
  protected static Tensor gradOf(Parameter p) {
    if (!p.requiresGrad()) {
      return null;
    }
    if (p.grad() == null) {
      p.setGrad(Tensor.zerosLike(p));
    }
    return p.grad();
  }

  private final class Backward extends GradFn {
    private final Tensor y;
    private final Workspace ws;

    Backward(Tensor x, Tensor y, Workspace ws) {
      super(x);
      this.y = y;
      this.ws = ws;
    }

    @Override
    public Tensor[] backward(Tensor dy) {
      Tensor x = inputs().get(0);
      Tensor dx = x.requiresGrad() ? Tensor.zerosLike(x) : null;
      backwardInto(x, y, dy, dx, ws);
      return new Tensor[] {dx};
    }

    @Override
    public String name() {
      return typeName() + "Backward";
    }
  }
}
