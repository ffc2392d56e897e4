package dev.kiln.nn;

import dev.kiln.ShapeContract;

/**
 * Batch normalization over a 4-D input, as {@code torch.nn.BatchNorm2d}: input and output {@code
 * (N, C, H, W)}, statistics per channel over {@code N, H, W}. Parameters {@code weight (C)},
 * {@code bias (C)}; buffers {@code running_mean (C)}, {@code running_var (C)}, {@code
 * num_batches_tracked ()}; see {@link BatchNormBase} for the rules and options.
 */
@ShapeContract(args = {"numFeatures"}, input = "N, numFeatures, H, W",
    output = "N, numFeatures, H, W")
public final class BatchNorm2d extends BatchNormBase<BatchNorm2d> {
  public BatchNorm2d(int numFeatures) {
    this(numFeatures, 1e-5f, 0.1f, true, true);
  }

  public BatchNorm2d(int numFeatures, float eps) {
    this(numFeatures, eps, 0.1f, true, true);
  }

  public BatchNorm2d(int numFeatures, float eps, Float momentum) {
    this(numFeatures, eps, momentum, true, true);
  }

  public BatchNorm2d(int numFeatures, float eps, Float momentum, boolean affine) {
    this(numFeatures, eps, momentum, affine, true);
  }

  public BatchNorm2d(int numFeatures, float eps, Float momentum, boolean affine,
      boolean trackRunningStats) {
    super(numFeatures, eps, momentum, affine, trackRunningStats);
  }

  @Override
  boolean acceptsRank(int rank) {
    return rank == 4;
  }

  @Override
  String expected() {
    return "(N, " + numFeatures() + ", H, W)";
  }
}
