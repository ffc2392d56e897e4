package dev.kiln.compiled;

import dev.kiln.backend.Kernels;
import dev.kiln.tensor.Device;
import dev.kiln.tensor.GradFn;
import dev.kiln.tensor.GradMode;
import dev.kiln.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;

/**
 * The base of a generated forward/backward plan for one set of input shapes. Every value buffer
 * is allocated once, in the plan's constructor, and every gradient buffer before the first
 * backward, so repeated calls allocate no tensors (and an inference-only plan holds no gradient
 * buffers). The output is owned by the plan and overwritten by the next call at the same shapes.
 * Once a backward has run through the recorded node, the next forward reuses it, so a training
 * step allocates nothing.
 *
 * <p>A plan belongs to the thread that made it ({@link PlanCache} gives each thread its own):
 * its backward runs on that thread. Forwards that record gradients and backwards go through the
 * model's {@link TrainingGuard}, so two threads never write one model's gradients at once.
 */
public abstract class CompiledPlan {
  protected final Device device;
  protected final Kernels k;
  private final List<Tensor> grads = new ArrayList<>();
  private Tensor[] inputGrads;
  private Tensor[] dIn;
  private final Thread thread = Thread.currentThread();
  private TrainingGuard guard;
  private Node node;
  private Tensor ownedOut;
  private long generation;
  /** A recorded node of the current generation awaits its backward. */
  private boolean pending;
  private boolean gradsAllocated;
  /** {@link #begin} took a hold on the guard that {@link #finish} has not settled yet. */
  private boolean begun;

  protected CompiledPlan(Device device) {
    this.device = device;
    this.k = device.kernels();
  }

  /** Joins the model's guard (done by {@link PlanCache} when it makes the plan). */
  final void attach(TrainingGuard guard) {
    this.guard = guard;
  }

  /**
   * Starts a forward: one that records gradients takes the model for this thread first, and
   * throws if another thread is training it (before any buffer is written).
   */
  protected final void begin() {
    if (guard != null && GradMode.isEnabled()) {
      guard.acquire("a forward that records gradients");
      guard.hold();
      begun = true;
    }
  }

  /**
   * Ends a forward that threw before {@link #finish}: gives back the hold {@link #begin} took,
   * so that the model is not left belonging to this thread.
   */
  protected final void abandon() {
    if (begun) {
      begun = false;
      guard.drop();
    }
  }

  /** Updates the guard for a forward that ends recording or not ({@link #begin} came first). */
  private void settle(boolean recording) {
    begun = false;
    if (guard == null) {
      return;
    }
    if (recording && pending) {
      guard.drop();
    } else if (!recording && pending) {
      pending = false;
      guard.drop();
    }
    pending |= recording;
  }

  /** A value buffer of the given shape. */
  protected final Tensor value(int... shape) {
    return device.zeros(shape);
  }

  /**
   * A reshape or flatten of {@code src}: a tensor of {@code shape} sharing its elements. The
   * generated forward keeps it while {@code src}'s buffer stays the same.
   */
  protected final Tensor alias(Tensor src, int... shape) {
    return new Tensor(src.device(), src.buffer(), shape);
  }

  /**
   * Allocates the gradient buffers with {@link #grad}: called before the first backward, so a
   * plan that only ever runs inference holds none.
   */
  protected void allocateGrads() {}

  /** A gradient buffer, zeroed before every backward. */
  protected final Tensor grad(int... shape) {
    Tensor g = device.zeros(shape);
    grads.add(g);
    return g;
  }

  /**
   * {@code out}, or a copy in a buffer of this plan when {@code out} is a nested model's output
   * tensor (a forward ending in {@code return inner.forward(h)}): recording this plan's node on
   * it would replace the nested node that this plan's backward calls, and backward would recurse
   * until the stack overflows. The copy buffer is allocated on the first such call only.
   */
  private Tensor own(Tensor out) {
    if (out.gradFn() == null || out.gradFn() instanceof Node n && n.plan == this) {
      return out;
    }
    if (ownedOut == null || !ownedOut.sameShape(out)) {
      ownedOut = device.zeros(out.shape());
    }
    k.copy(out, ownedOut);
    return ownedOut;
  }

  /**
   * {@code out}, or a new tensor over its elements while the previous forward's recorded output
   * still awaits its backward: that output keeps its own node, so a backward that reaches it
   * later (through ops computed from it) refuses as overwritten instead of running this
   * forward's node. A training loop (forward, backward, forward) never takes the new tensor.
   */
  private Tensor fresh(Tensor out) {
    return pending ? new Tensor(out.device(), out.buffer(), out.shape()) : out;
  }

  /** {@link #finish(Tensor, Tensor...)} for one input, without a varargs array. */
  protected final Tensor finish(Tensor out, Tensor input) {
    out = fresh(own(out));
    generation++;
    settle(GradMode.isEnabled());
    if (!GradMode.isEnabled()) {
      out.setGradFn(null);
    } else if (node != null && node.consumed && node.inputs().size() == 1) {
      node.reuse(generation);
      node.input(0, input);
      out.setGradFn(node);
    } else {
      out.setGradFn(node = new Node(this, generation, new Tensor[] {input}));
    }
    return out;
  }

  /**
   * Ends a forward: records the backward node on {@code out} when gradients are wanted (any
   * parameter or input may need them), or clears a previous one. The node of a forward whose
   * backward has run is reused, and {@code inputs} may be an array the plan keeps (the node
   * copies it), so a warm call allocates nothing.
   */
  protected final Tensor finish(Tensor out, Tensor... inputs) {
    out = fresh(own(out));
    generation++;
    settle(GradMode.isEnabled());
    if (!GradMode.isEnabled()) {
      out.setGradFn(null);
    } else if (node != null && node.consumed && node.inputs().size() == inputs.length) {
      node.reuse(generation);
      for (int i = 0; i < inputs.length; i++) {
        node.input(i, inputs[i]);
      }
      out.setGradFn(node);
    } else {
      out.setGradFn(node = new Node(this, generation, inputs));
    }
    return out;
  }

  /**
   * The generated backward: given the output gradient, accumulates parameter gradients and the
   * gradient of each input into {@code dInputs[i]} (null where that input needs none).
   */
  protected abstract void backward(Tensor dOut, Tensor[] dInputs);

  Tensor[] runBackward(long gen, Tensor dOut, List<Tensor> inputs) {
    if (Thread.currentThread() != thread) {
      throw new IllegalStateException((guard == null ? "a compiled model" : guard.model())
          + ": backward() on thread '" + Thread.currentThread().getName() + "' for a forward"
          + " that ran on thread '" + thread.getName() + "': run backward() on the thread that"
          + " ran the forward");
    }
    if (gen != generation) {
      throw new IllegalStateException("this output was overwritten: the model ran forward again at"
          + " the same input shape before backward(); call backward() first, or detach() the"
          + " first output");
    }
    if (guard == null) {
      return backwardInto(dOut, inputs);
    }
    guard.acquire("backward()");
    guard.hold();
    try {
      return backwardInto(dOut, inputs);
    } finally {
      guard.drop();
      if (pending) {
        pending = false;
        guard.drop();
      }
    }
  }

  private Tensor[] backwardInto(Tensor dOut, List<Tensor> inputs) {
    if (!gradsAllocated) {
      allocateGrads();
      gradsAllocated = true;
    }
    if (inputGrads == null) {
      inputGrads = new Tensor[inputs.size()];
      dIn = new Tensor[inputs.size()];
    }
    for (int i = 0; i < dIn.length; i++) {
      Tensor x = inputs.get(i);
      dIn[i] = null;
      if (x.requiresGrad()) {
        if (inputGrads[i] == null || !inputGrads[i].sameShape(x)) {
          inputGrads[i] = device.zeros(x.shape());
        }
        dIn[i] = inputGrads[i];
        k.fill(dIn[i], 0f);
      }
    }
    for (int i = 0; i < grads.size(); i++) {
      k.fill(grads.get(i), 0f);
    }
    backward(dOut, dIn);
    return dIn;
  }

  private static final class Node extends GradFn {
    private final CompiledPlan plan;
    private long generation;
    private boolean consumed;

    Node(CompiledPlan plan, long generation, Tensor[] inputs) {
      super(inputs);
      this.plan = plan;
      this.generation = generation;
    }

    void reuse(long gen) {
      generation = gen;
      consumed = false;
    }

    void input(int i, Tensor x) {
      setInput(i, x);
    }

    @Override
    public Tensor[] backward(Tensor dOut) {
      Tensor[] d = plan.runBackward(generation, dOut, inputs());
      consumed = true;
      return d;
    }

    @Override
    public String name() {
      return "CompiledBackward";
    }
  }
}
