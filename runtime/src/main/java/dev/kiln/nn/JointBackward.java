package dev.kiln.nn;

import dev.kiln.backend.Kernels;
import dev.kiln.tensor.GradFn;
import dev.kiln.tensor.Tensor;

/**
 * The eager backward of a {@link MultiModule} with a full backward hook: one node for all
 * outputs, so that the layer's backward and its hooks run once per backward, as PyTorch's
 * {@code register_full_backward_hook} on a layer with several outputs.
 *
 * <p>A flat "joint" tensor (total numel of the outputs) carries this node; output {@code i}
 * gets a {@link Segment} whose input is the joint tensor and whose gradient is output {@code
 * i}'s in its segment (zeros elsewhere). The engine sums the segments' gradients into the joint
 * tensor before calling {@link #backward} (topological order), which splits them into {@code
 * dOut[]} (null for an output no gradient reached), calls {@link MultiModule#backwardInto} once,
 * then {@link Hooks#backward} with one {@code gradInput} per input of {@code applyAll} (null for
 * masks, absent inputs and inputs that need no gradient) and returns the hooks' input gradients.
 *
 * <p>When a forward hook replaced the first output, the tensor handed back is an alias of the
 * replacement whose node ({@link Capture}) records the gradient reaching it: that is the hook's
 * {@code gradOutput[0]}, as in PyTorch, where the output hook sits after the forward hooks.
 */
final class JointBackward extends GradFn {
  private final MultiModule layer;
  private final Tensor[] in;
  private final Tensor[] out;
  private final Workspace ws;
  /** The layer's full backward hooks when its forward ran. */
  private final java.util.List<BackwardHook> hooks;
  private final int[] offsets;
  /** Per backward: which outputs a gradient reached, and the replaced first output's. */
  private final boolean[] reached;
  private Tensor capturedFirst;

  JointBackward(MultiModule layer, Tensor[] in, Tensor[] out, Workspace ws) {
    super(layer.gradInputs(in));
    this.layer = layer;
    this.in = in.clone();
    this.out = out.clone();
    this.ws = ws;
    this.hooks = Hooks.backwardHooks(layer);
    this.offsets = new int[out.length];
    this.reached = new boolean[out.length];
    int total = 0;
    for (int i = 0; i < out.length; i++) {
      offsets[i] = total;
      total += out[i] == null ? 0 : out[i].numel();
    }
    Tensor joint = out[0].device().zeros(total);
    joint.setGradFn(this);
    for (int i = 0; i < out.length; i++) {
      if (out[i] != null) {
        out[i].setGradFn(new Segment(joint, i));
      }
    }
  }

  /** The tensor to return for a forward hook's replacement {@code r} of the first output. */
  Tensor captureFirst(Tensor r) {
    if (!r.requiresGrad()) {
      return r;
    }
    Tensor alias = new Tensor(r.device(), r.buffer(), r.shape());
    alias.setGradFn(new Capture(r));
    return alias;
  }

  @Override
  public Tensor[] backward(Tensor dJoint) {
    Kernels k = dJoint.device().kernels();
    Tensor[] dOut = new Tensor[out.length];
    for (int i = 0; i < out.length; i++) {
      if (reached[i]) {
        dOut[i] = Tensor.zerosLike(out[i]);
        k.copyRange(dJoint, offsets[i], dOut[i], 0, out[i].numel());
      }
    }
    Tensor[] dIn = new Tensor[in.length];
    for (int i = 0; i < in.length; i++) {
      if (in[i] != null && layer.differentiable(i) && in[i].requiresGrad()) {
        dIn[i] = Tensor.zerosLike(in[i]);
      }
    }
    layer.backwardInto(in, out, dOut, dIn, ws);
    Tensor[] gradOutput = dOut.clone();
    if (capturedFirst != null) {
      gradOutput[0] = capturedFirst;
    }
    java.util.Arrays.fill(reached, false);
    capturedFirst = null;
    dIn = Hooks.backward(layer, hooks, dIn, gradOutput);
    Tensor[] grads = new Tensor[inputs().size()];
    int n = 0;
    for (int i = 0; i < in.length; i++) {
      if (in[i] != null && layer.differentiable(i)) {
        grads[n++] = in[i].requiresGrad() ? dIn[i] : null;
      }
    }
    return grads;
  }

  @Override
  public String name() {
    return layer.typeName() + "Backward";
  }

  /** Output {@code index}'s node: its gradient placed in its segment of the joint tensor. */
  private final class Segment extends GradFn {
    private final int index;

    Segment(Tensor joint, int index) {
      super(joint);
      this.index = index;
    }

    @Override
    public Tensor[] backward(Tensor dy) {
      Tensor joint = inputs().get(0);
      Tensor g = Tensor.zerosLike(joint);
      dy.device().kernels().copyRange(dy, 0, g, offsets[index], dy.numel());
      reached[index] = true;
      return new Tensor[] {g};
    }

    @Override
    public String name() {
      return layer.typeName() + "Backward" + index;
    }
  }

  /** Identity on a forward hook's replacement of the first output, recording its gradient. */
  private final class Capture extends GradFn {
    Capture(Tensor replacement) {
      super(replacement);
    }

    @Override
    public Tensor[] backward(Tensor dy) {
      capturedFirst = dy.detach();
      return new Tensor[] {dy};
    }

    @Override
    public String name() {
      return "BackwardHookFunctionBackward";
    }
  }
}
