package dev.kiln.loss;

import dev.kiln.tensor.Shapes;
import dev.kiln.tensor.Tensor;

/**
 * A loss over class-index targets stored as integral float values: input {@code (N, C)}, {@code
 * (N, C, d1, ...)} or unbatched {@code (C)}; target {@code (N)}, {@code (N, d1, ...)} or {@code
 * ()}; output {@code ()} for MEAN and SUM, the target's shape for NONE. Each target must be a
 * class in {@code [0, C)} or {@code ignoreIndex} (default -100, whose elements contribute
 * nothing); optional class {@code weight} of shape {@code (C)}. MEAN divides by the summed weight
 * of the non-ignored targets (their count without weights; NaN when every target is ignored).
 */
public abstract class ClassIndexLoss extends Loss {
  /** PyTorch's default {@code ignore_index}. */
  public static final int DEFAULT_IGNORE_INDEX = -100;

  private final Tensor weight;
  private final int ignoreIndex;
  private final float labelSmoothing;
  private final boolean logSoftmax;

  ClassIndexLoss(Reduction reduction, Tensor weight, int ignoreIndex, float labelSmoothing,
      boolean logSoftmax) {
    super(reduction);
    if (weight != null && weight.dim() != 1) {
      throw new IllegalArgumentException(
          typeName() + ": weight must have shape (C), got " + shape(weight));
    }
    if (!(labelSmoothing >= 0f && labelSmoothing <= 1f)) {
      throw new IllegalArgumentException(
          typeName() + ": labelSmoothing must be in [0, 1], got " + labelSmoothing);
    }
    this.weight = copyOf(weight);
    this.ignoreIndex = ignoreIndex;
    this.labelSmoothing = labelSmoothing;
    this.logSoftmax = logSoftmax;
  }

  /** The class weights of shape {@code (C)} (a copy held by this loss), or null. */
  public final Tensor weight() {
    return weight;
  }

  /** The target value whose elements are ignored. */
  public final int ignoreIndex() {
    return ignoreIndex;
  }

  final float labelSmoothingValue() {
    return labelSmoothing;
  }

  @Override
  public final Tensor apply(Tensor input, Tensor target) {
    int classes = checkShapes(input, target);
    checkDevice(input, target, "target");
    checkDevice(input, weight, "weight");
    if (weight != null && weight.numel() != classes) {
      throw new IllegalArgumentException(typeName() + ": weight of shape " + shape(weight)
          + " does not match the " + classes + " classes of input shape " + shape(input));
    }
    checkTargets(target, classes);
    return evaluate(input, target);
  }

  @Override
  final void compute(Tensor input, Tensor target, Tensor out) {
    input.device().kernels().classLoss(
        input, target, weight, ignoreIndex, labelSmoothing, logSoftmax, reduction(), out);
  }

  @Override
  final void computeBackward(Tensor input, Tensor target, Tensor dOut, Tensor dx) {
    dx.device().kernels().classLossBackward(input, target, weight, ignoreIndex, labelSmoothing,
        logSoftmax, reduction(), dOut, dx);
  }

  /** Checks target = input without the class dimension; returns C. Allocates nothing. */
  private int checkShapes(Tensor input, Tensor target) {
    int rank = input.dim();
    if (rank == 0) {
      throw new IllegalArgumentException(typeName() + ": input shape " + shape(input)
          + " has no class dimension; expected (N, C, ...) or (C)");
    }
    int classDim = rank == 1 ? 0 : 1;
    boolean matches = target.dim() == rank - 1;
    for (int i = 0, j = 0; matches && i < rank; i++) {
      if (i != classDim) {
        matches = input.size(i) == target.size(j++);
      }
    }
    if (!matches) {
      int[] in = input.shape();
      int[] expected = new int[rank - 1];
      for (int i = 0, j = 0; i < rank; i++) {
        if (i != classDim) {
          expected[j++] = in[i];
        }
      }
      throw new IllegalArgumentException(typeName() + ": target shape " + shape(target)
          + " does not match input shape " + shape(input) + "; expected target shape "
          + Shapes.toString(expected) + " of class indices");
    }
    return input.size(classDim);
  }

  private void checkTargets(Tensor target, int classes) {
    int bad = target.device().kernels().invalidClassIndex(target, classes, ignoreIndex);
    if (bad < 0) {
      return;
    }
    float v = target.toFloatArray()[bad];
    if (v != Math.rint(v) || Math.abs(v) > 1e9f) {
      throw new IllegalArgumentException(typeName() + ": target element " + bad + " is " + v
          + ", not an integral class index");
    }
    throw new IllegalArgumentException(typeName() + ": target element " + bad
        + " is class index " + (int) v + ", out of range for " + classes + " classes (valid: 0 to "
        + (classes - 1) + ", or ignoreIndex " + ignoreIndex + ")");
  }
}
