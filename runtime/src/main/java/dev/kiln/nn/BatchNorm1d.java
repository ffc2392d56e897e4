package dev.kiln.nn;

import dev.kiln.ShapeContract;

/**
 * Batch normalization over a 2-D or 3-D input, as {@code torch.nn.BatchNorm1d}: input and output
 * {@code (N, C)} or {@code (N, C, L)}, statistics per channel over {@code N} (and {@code L}). Parameters {@code weight (C)},
 * {@code bias (C)}; buffers {@code running_mean (C)}, {@code running_var (C)}, {@code
 * num_batches_tracked ()}; see {@link BatchNormBase} for the rules and options.
 */
@ShapeContract(args = {"numFeatures"}, input = "N, numFeatures, *", output = "N, numFeatures, *")
public final class BatchNorm1d extends BatchNormBase<BatchNorm1d> {
  public BatchNorm1d(int numFeatures) {
    this(numFeatures, 1e-5f, 0.1f, true, true);
  }

  public BatchNorm1d(int numFeatures, float eps) {
    this(numFeatures, eps, 0.1f, true, true);
  }

  public BatchNorm1d(int numFeatures, float eps, Float momentum) {
    this(numFeatures, eps, momentum, true, true);
  }

  public BatchNorm1d(int numFeatures, float eps, Float momentum, boolean affine) {
    this(numFeatures, eps, momentum, affine, true);
  }

  public BatchNorm1d(int numFeatures, float eps, Float momentum, boolean affine,
      boolean trackRunningStats) {
    super(numFeatures, eps, momentum, affine, trackRunningStats);
  }

  @Override
  boolean acceptsRank(int rank) {
    return rank == 2 || rank == 3;
  }

  @Override
  String expected() {
    return "(N, " + numFeatures() + ") or (N, " + numFeatures() + ", L)";
  }
}
