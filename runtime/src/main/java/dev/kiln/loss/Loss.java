package dev.kiln.loss;

import dev.kiln.nn.Module;
import dev.kiln.tensor.GradFn;
import dev.kiln.tensor.Shapes;
import dev.kiln.tensor.Tensor;
import java.util.Objects;

/**
 * The base of every loss: a parameterless module mapping {@code (input, target)} to a loss
 * tensor, shape {@code ()} for {@link Reduction#MEAN} and {@link Reduction#SUM}. The result
 * records its backward so that {@code loss.backward()} reaches {@code input}; the target is a
 * constant. Losses are immutable; {@code with...} methods return a modified copy.
 */
public abstract class Loss extends Module {
  private final Reduction reduction;

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
    return reduction == Reduction.NONE ? shape : new int[0];
  }

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

  /** The backward of one loss evaluation: runs {@code body} into a zeroed input gradient. */
  static final class Backward extends GradFn {
    interface Body {
      void run(Tensor dOut, Tensor dx);
    }

    private final String name;
    private final Body body;

    Backward(String name, Tensor input, Body body) {
      super(input);
      this.name = name;
      this.body = body;
    }

    @Override
    public Tensor[] backward(Tensor dOut) {
      Tensor dx = Tensor.zerosLike(inputs().get(0));
      body.run(dOut, dx);
      return new Tensor[] {dx};
    }

    @Override
    public String name() {
      return name;
    }
  }
}
