package dev.kiln.loss;

import dev.kiln.nn.Module;
import dev.kiln.tensor.GradMode;
import dev.kiln.tensor.Shapes;
import dev.kiln.tensor.Tensor;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The base of every loss: a parameterless module mapping {@code (input, target)} to a loss
 * tensor, shape {@code ()} for {@link Reduction#MEAN} and {@link Reduction#SUM}. The result
 * records its backward so that {@code loss.backward()} reaches {@code input}; the target is a
 * constant. Losses are immutable; {@code with...} methods return a modified copy.
 *
 * <p>Like a compiled model's output, the result is reused: once {@code backward()} has run
 * through it, the next call of the same loss at the same shapes overwrites it. Read
 * {@code item()} (or keep a {@code detach()}ed copy) before calling the loss again. A loss may be
 * shared by threads: each thread's results are its own.
 */
public abstract class Loss extends Module {
  private final Reduction reduction;
  /**
   * Each thread's last call, so a loss shared by threads never hands one's result to another
   * (held here, not in a ThreadLocal, whose value would keep this loss alive with its thread).
   */
  private final Map<Thread, LossCall> last = new ConcurrentHashMap<>();

  Loss(Reduction reduction) {
    this.reduction = Objects.requireNonNull(reduction, "reduction");
  }

  /** The reduction applied to the per-element losses. */
  public final Reduction reduction() {
    return reduction;
  }

  /** A copy of this loss with another reduction. */
  public abstract Loss withReduction(Reduction reduction);

  /** The loss of {@code input} against {@code target}; see the class's shapes. */
  public abstract Tensor apply(Tensor input, Tensor target);

  /** Shape {@code ()} when reduced, else {@code shape}. */
  final int[] outputShape(int[] shape) {
    return reduction == Reduction.NONE ? shape : SCALAR;
  }

  private static final int[] SCALAR = new int[0];

  /** Checks that {@code t} (named {@code what}) is on {@code input}'s device. */
  final void checkDevice(Tensor input, Tensor t, String what) {
    if (t != null && t.device() != input.device()) {
      throw new IllegalArgumentException(typeName() + ": " + what + " is on " + t.device()
          + " but the input is on " + input.device());
    }
  }

  /** A detached copy of an optional option tensor (losses keep their own). */
  static Tensor copyOf(Tensor t) {
    return t == null ? null : t.detach();
  }

  static String shape(Tensor t) {
    return Shapes.toString(t.shape());
  }

  /** {@code out = loss(input, target)} on the input's device. */
  abstract void compute(Tensor input, Tensor target, Tensor out);

  /** {@code dx += dloss/dinput * dOut}, {@code dOut} of the output's shape. */
  abstract void computeBackward(Tensor input, Tensor target, Tensor dOut, Tensor dx);

  /**
   * Computes the loss into an output and, when recording, attaches its backward. Once a
   * backward has run through the previous call's result, a call at the same shapes reuses that
   * result's tensor and node, so a training step allocates nothing.
   */
  final Tensor evaluate(Tensor input, Tensor target) {
    LossCall c = last.get(Thread.currentThread());
    boolean recording = GradMode.recording(input);
    boolean reuse = recording && c != null && c.reusableFor(input, target);
    Tensor out = reuse ? c.output() : input.device().zeros(outputShape(target.shape()));
    compute(input, target, out);
    if (recording) {
      if (!reuse) {
        c = new LossCall(this, out);
        if (last.put(Thread.currentThread(), c) == null) {
          last.keySet().removeIf(t -> !t.isAlive());
        }
      }
      c.record(input, target);
    }
    return out;
  }
}
