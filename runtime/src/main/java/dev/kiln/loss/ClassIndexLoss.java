package dev.kiln.loss;

import dev.kiln.tensor.GradMode;
import dev.kiln.tensor.Shapes;
import dev.kiln.tensor.Tensor;
import java.util.Arrays;

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
    Tensor out = input.device().zeros(outputShape(target.shape()));
    input.device().kernels().classLoss(
        input, target, weight, ignoreIndex, labelSmoothing, logSoftmax, reduction(), out);
    if (GradMode.recording(input)) {
      out.setGradFn(new Backward(getClass().getSimpleName() + "Backward", input,
          (dOut, dx) -> dx.device().kernels().classLossBackward(input, target, weight,
              ignoreIndex, labelSmoothing, logSoftmax, reduction(), dOut, dx)));
    }
    return out;
  }

  /** Checks target = input without the class dimension; returns C. */
  private int checkShapes(Tensor input, Tensor target) {
    int[] in = input.shape();
    if (in.length == 0) {
      throw new IllegalArgumentException(typeName() + ": input shape " + shape(input)
          + " has no class dimension; expected (N, C, ...) or (C)");
    }
    int classDim = in.length == 1 ? 0 : 1;
    int[] expected = new int[in.length - 1];
    for (int i = 0, j = 0; i < in.length; i++) {
      if (i != classDim) {
        expected[j++] = in[i];
      }
    }
    if (!Arrays.equals(expected, target.shape())) {
      throw new IllegalArgumentException(typeName() + ": target shape " + shape(target)
          + " does not match input shape " + shape(input) + "; expected target shape "
          + Shapes.toString(expected) + " of class indices");
    }
    return in[classDim];
  }

  private void checkTargets(Tensor target, int classes) {
    float[] t = target.toFloatArray();
    for (int i = 0; i < t.length; i++) {
      float v = t[i];
      if (v != Math.rint(v) || Math.abs(v) > 1e9f) {
        throw new IllegalArgumentException(typeName() + ": target element " + i + " is " + v
            + ", not an integral class index");
      }
      int c = (int) v;
      if (c != ignoreIndex && (c < 0 || c >= classes)) {
        throw new IllegalArgumentException(typeName() + ": target element " + i
            + " is class index " + c + ", out of range for " + classes + " classes (valid: 0 to "
            + (classes - 1) + ", or ignoreIndex " + ignoreIndex + ")");
      }
    }
  }
}
