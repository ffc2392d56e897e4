package dev.kiln.nn;

import dev.kiln.tensor.GradFn;
import dev.kiln.tensor.GradMode;
import dev.kiln.tensor.Tensor;

/**
 * A layer with several inputs or outputs (attention, recurrent layers, an encoder layer with
 * masks), written as a pair of kernels over arrays of preallocated tensors. Compiled models call
 * {@link #forwardInto} and {@link #backwardInto} directly; a layer's public {@code apply}
 * methods run it eagerly through {@link #applyAll}. The layer declares its parts with
 * {@code @ShapeContract(inputs = ..., outputs = ...)}.
 *
 * <p>Absent optional inputs are {@code null} entries. A mask is passed as its additive float
 * tensor ({@link Mask#tensor()}) and never gets a gradient.
 */
public abstract class MultiModule extends Module {
  /**
   * The output shapes for input shapes {@code in} (null entries for absent optional inputs);
   * throws IllegalArgumentException naming the layer and both shapes if they are not accepted.
   */
  public abstract int[][] outputShapes(int[][] in);

  /** Writes every {@code out[i]}, preallocated with {@link #outputShapes}. */
  public abstract void forwardInto(Tensor[] in, Tensor[] out, Workspace ws);

  /**
   * Given the forward's tensors and the outputs' gradients ({@code dOut[i]} null means zero),
   * adds each input's gradient into {@code dIn[i]} (skipped when null) and each parameter's into
   * its {@code grad()}. It must leave {@code ws} as the forward left it: eager autograd calls it
   * once for each output that received a gradient (once for all of them while the layer has a
   * full backward hook).
   */
  public abstract void backwardInto(
      Tensor[] in, Tensor[] out, Tensor[] dOut, Tensor[] dIn, Workspace ws);

  /** Whether input {@code i} can carry a gradient; masks and indices cannot. */
  protected boolean differentiable(int i) {
    return true;
  }

  /**
   * Runs the layer eagerly: allocates the outputs, runs {@link #forwardInto} with a fresh
   * workspace and records the backward of each output when gradients are wanted. Hooks run as
   * PyTorch's on the same layer: pre-hooks see every input (null for an absent one), forward
   * hooks the first output, and full backward hooks are called once per backward with every
   * input's and output's gradient ({@link JointBackward}).
   */
  protected final Tensor[] applyAll(Tensor... in) {
    boolean hooked = hasHooks();
    if (hooked) {
      in = Hooks.pre(this, in);
    }
    int[][] shapes = new int[in.length][];
    Tensor first = null;
    for (int i = 0; i < in.length; i++) {
      shapes[i] = in[i] == null ? null : in[i].shape();
      first = first == null ? in[i] : first;
    }
    int[][] outShapes = outputShapes(shapes);
    Tensor[] out = new Tensor[outShapes.length];
    for (int i = 0; i < out.length; i++) {
      out[i] = outShapes[i] == null ? null : first.device().zeros(outShapes[i]);
    }
    Workspace ws = new Workspace();
    forwardInto(in, out, ws);
    JointBackward joint = null;
    if (recording(in)) {
      if (hooked && Hooks.hasFullBackward(this)) {
        joint = new JointBackward(this, in, out, ws);
      } else {
        for (int i = 0; i < out.length; i++) {
          if (out[i] != null) {
            out[i].setGradFn(new Backward(in, out, i, ws));
          }
        }
      }
    }
    if (hooked) {
      Tensor r = Hooks.forward(this, in, out[0]);
      if (r != out[0]) {
        out[0] = joint == null ? r : joint.captureFirst(r);
      }
    }
    return out;
  }

  private boolean recording(Tensor[] in) {
    if (!GradMode.isEnabled()) {
      return false;
    }
    for (int i = 0; i < in.length; i++) {
      if (in[i] != null && differentiable(i) && in[i].requiresGrad()) {
        return true;
      }
    }
    return !parameters().isEmpty();
  }

  /** The backward of output {@code index}, over the inputs that can carry a gradient. */
  private final class Backward extends GradFn {
    private final Tensor[] in;
    private final Tensor[] out;
    private final int index;
    private final Workspace ws;

    Backward(Tensor[] in, Tensor[] out, int index, Workspace ws) {
      super(gradInputs(in));
      this.in = in;
      this.out = out;
      this.index = index;
      this.ws = ws;
    }

    @Override
    public Tensor[] backward(Tensor dy) {
      Tensor[] dOut = new Tensor[out.length];
      dOut[index] = dy;
      Tensor[] dIn = new Tensor[in.length];
      for (int i = 0; i < in.length; i++) {
        if (in[i] != null && differentiable(i) && in[i].requiresGrad()) {
          dIn[i] = Tensor.zerosLike(in[i]);
        }
      }
      backwardInto(in, out, dOut, dIn, ws);
      Tensor[] grads = new Tensor[inputs().size()];
      int k = 0;
      for (int i = 0; i < in.length; i++) {
        if (in[i] != null && differentiable(i)) {
          grads[k++] = dIn[i];
        }
      }
      return grads;
    }

    @Override
    public String name() {
      return typeName() + "Backward" + index;
    }
  }

  /** The inputs that can carry a gradient (not null, {@link #differentiable}), in order. */
  final Tensor[] gradInputs(Tensor[] in) {
    int n = 0;
    for (int i = 0; i < in.length; i++) {
      n += in[i] != null && differentiable(i) ? 1 : 0;
    }
    Tensor[] r = new Tensor[n];
    int k = 0;
    for (int i = 0; i < in.length; i++) {
      if (in[i] != null && differentiable(i)) {
        r[k++] = in[i];
      }
    }
    return r;
  }
}
