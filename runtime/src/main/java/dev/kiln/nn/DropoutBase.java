package dev.kiln.nn;

import dev.kiln.backend.Kernels;
import dev.kiln.export.Exportable;
import dev.kiln.export.GraphSink;
import dev.kiln.tensor.Tensor;

/**
 * What {@link Dropout} and {@link Dropout2d} share: in training each mask element is zero with
 * probability {@code p}, else {@code 1 / (1 - p)}, and {@code y = x * mask}; in evaluation (or
 * with {@code p = 0}) {@code y = x}. A mask is drawn per call from a seed taken from {@link Rng}
 * (so {@link Rng#manualSeed} makes runs reproducible, on every device alike; the values differ
 * from PyTorch's) and kept in the call's {@link Workspace} for its backward.
 */
public abstract class DropoutBase extends UnaryModule implements Exportable {
  private static final int MASK = 0;

  private final float p;

  DropoutBase(float p) {
    if (!(p >= 0 && p <= 1)) {
      throw new IllegalArgumentException(getClass().getSimpleName() + ": p must be in [0, 1], got "
          + p);
    }
    this.p = p;
  }

  /** The probability of an element being zeroed. */
  public float p() {
    return p;
  }

  /** The mask's shape for an input of shape {@code x}: each mask value covers a block of x. */
  abstract int[] maskShape(int[] x);

  /** Whether {@code mask} has {@link #maskShape} for {@code x} (checked without allocating). */
  abstract boolean fits(Tensor mask, Tensor x);

  private boolean active() {
    return isTraining() && p > 0;
  }

  @Override
  public void forwardInto(Tensor x, Tensor y, Workspace ws) {
    Kernels k = x.device().kernels();
    if (!active()) {
      k.copy(x, y);
      return;
    }
    Tensor mask = ws.peek(MASK);
    if (mask == null || mask.device() != x.device() || !fits(mask, x)) {
      mask = ws.get(MASK, x.device(), maskShape(x.shape()));
    }
    k.dropoutMask(mask, Rng.nextLong(), p, p == 1 ? 0f : 1f / (1f - p));
    k.dropout(x, mask, y);
  }

  @Override
  public void backwardInto(Tensor x, Tensor y, Tensor dy, Tensor dx, Workspace ws) {
    if (dx == null) {
      return;
    }
    if (active()) {
      dx.device().kernels().dropoutBackward(dy, ws.peek(MASK), dx);
    } else {
      dx.device().kernels().accumulate(dy, dx);
    }
  }

  /** The inference form: the identity (no node). */
  @Override
  public String export(GraphSink graph, String x) {
    return x;
  }

  @Override
  protected String extraRepr() {
    return "p=" + PyRepr.floatRepr(p) + ", inplace=False";
  }
}
