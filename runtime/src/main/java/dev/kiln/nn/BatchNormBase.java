package dev.kiln.nn;

import dev.kiln.backend.Kernels;
import dev.kiln.export.Exportable;
import dev.kiln.export.GraphSink;
import dev.kiln.tensor.Device;
import dev.kiln.tensor.Shapes;
import dev.kiln.tensor.Tensor;

/**
 * What {@link BatchNorm1d} and {@link BatchNorm2d} share, as PyTorch's {@code _BatchNorm}: over
 * an input {@code (N, C, *)}, {@code y = (x - mean) / sqrt(var + eps) * weight + bias} per channel.
 * In training (or without running statistics) mean and the biased variance are the batch's, and
 * the running statistics are updated with the unbiased variance ({@code momentum}, or the
 * cumulative average when it is null); in evaluation they are the running ones. Parameters
 * {@code weight (C)} (ones) and {@code bias (C)} (zeros) when {@code affine}; buffers {@code
 * running_mean (C)} (zeros), {@code running_var (C)} (ones) and {@code num_batches_tracked ()}
 * (stored as a float32 count) when {@code trackRunningStats}. The batch statistics of a call live
 * in its {@link Workspace}; do not switch train/eval between a forward and its backward.
 */
public abstract class BatchNormBase<B extends BatchNormBase<B>> extends UnaryModule
    implements Exportable {
  private static final int MEAN = 0;
  private static final int VAR = 1;

  private final int numFeatures;
  private final int[] statShape;
  private float eps;
  private Float momentum;
  private boolean affine;
  private boolean trackRunningStats;
  private Parameter weight;
  private Parameter bias;
  private Tensor runningMean;
  private Tensor runningVar;
  private Tensor numBatchesTracked;

  BatchNormBase(int numFeatures, float eps, Float momentum, boolean affine,
      boolean trackRunningStats) {
    if (numFeatures <= 0) {
      throw new IllegalArgumentException(typeName() + ": num_features must be positive, got "
          + numFeatures);
    }
    this.numFeatures = numFeatures;
    this.statShape = new int[] {numFeatures};
    this.eps = checkEps(eps);
    this.momentum = momentum;
    this.affine = affine;
    this.trackRunningStats = trackRunningStats;
    rebuild();
  }

  private float checkEps(float value) {
    if (!(value > 0) || Float.isInfinite(value)) {
      throw new IllegalArgumentException(typeName() + ": eps must be positive and finite, got "
          + value);
    }
    return value;
  }

  /** Registers the parameters and buffers the options call for, in PyTorch's order. */
  private void rebuild() {
    for (String k : new String[] {"weight", "bias", "running_mean", "running_var",
        "num_batches_tracked"}) {
      unregister(k);
    }
    weight = affine ? registerParameter("weight", filled(new Parameter(Device.cpu(), numFeatures), 1f)) : null;
    bias = affine ? registerParameter("bias", new Parameter(Device.cpu(), numFeatures)) : null;
    if (trackRunningStats) {
      runningMean = registerBuffer("running_mean", Tensor.zeros(numFeatures));
      runningVar = registerBuffer("running_var", filled(Tensor.zeros(numFeatures), 1f));
      numBatchesTracked = registerBuffer("num_batches_tracked", Tensor.zeros());
    } else {
      runningMean = runningVar = numBatchesTracked = null;
    }
  }

  private static <T extends Tensor> T filled(T t, float v) {
    t.device().kernels().fill(t, v);
    return t;
  }

  @SuppressWarnings("unchecked")
  private B self() {
    return (B) this;
  }

  /** {@code eps} (default 1e-5), added to the variance. */
  public B eps(float value) {
    eps = checkEps(value);
    return self();
  }

  /** The running-statistics factor (default 0.1); null for the cumulative average. */
  public B momentum(Float value) {
    momentum = value;
    return self();
  }

  /** Whether the layer has {@code weight} and {@code bias} (default true). */
  public B affine(boolean on) {
    affine = on;
    rebuild();
    return self();
  }

  /** Whether the layer keeps running statistics for evaluation (default true). */
  public B trackRunningStats(boolean on) {
    trackRunningStats = on;
    rebuild();
    return self();
  }

  public int numFeatures() {
    return numFeatures;
  }

  /** The weight {@code (C)}, or null without {@code affine}. */
  public Parameter weight() {
    return weight;
  }

  /** The bias {@code (C)}, or null without {@code affine}. */
  public Parameter bias() {
    return bias;
  }

  /** The running mean {@code (C)}, or null without {@code trackRunningStats}. */
  public Tensor runningMean() {
    return runningMean;
  }

  /** The running variance {@code (C)}, or null without {@code trackRunningStats}. */
  public Tensor runningVar() {
    return runningVar;
  }

  /** The count of training batches seen, shape {@code ()}, or null without running stats. */
  public Tensor numBatchesTracked() {
    return numBatchesTracked;
  }

  /** Whether a call now uses its batch's statistics (training, or no running statistics). */
  private boolean batchStats() {
    return isTraining() || runningMean == null;
  }

  /** The accepted input ranks, checked before the channel count. */
  abstract boolean acceptsRank(int rank);

  /** The expected input in words, e.g. {@code (N, 32, H, W)}. */
  abstract String expected();

  @Override
  public int[] outputShape(int[] x) {
    if (!acceptsRank(x.length) || x[1] != numFeatures) {
      throw new IllegalArgumentException(typeName() + "(" + numFeatures + ") expects input "
          + expected() + " but got " + Shapes.toString(x));
    }
    return x.clone();
  }

  @Override
  public void forwardInto(Tensor x, Tensor y, Workspace ws) {
    Kernels k = x.device().kernels();
    if (!batchStats()) {
      k.batchNorm(x, runningMean, runningVar, eps, weight, bias, y);
      return;
    }
    int count = x.numel() / numFeatures;
    if (count <= 1) {
      throw new IllegalArgumentException("Expected more than 1 value per channel when training,"
          + " got input size " + Shapes.toString(x.shape()));
    }
    Tensor mean = ws.get(MEAN, x.device(), statShape); // a kept array: no varargs allocation
    Tensor var = ws.get(VAR, x.device(), statShape);
    k.batchNormStats(x, mean, var);
    if (isTraining() && runningMean != null) {
      synchronized (runningMean) { // threads sharing the layer: each update whole, none lost
        k.batchNormUpdateStats(mean, var, count, momentum == null ? Float.NaN : momentum,
            runningMean, runningVar, numBatchesTracked);
      }
    }
    k.batchNorm(x, mean, var, eps, weight, bias, y);
  }

  @Override
  public void backwardInto(Tensor x, Tensor y, Tensor dy, Tensor dx, Workspace ws) {
    boolean batch = batchStats();
    Tensor mean = batch ? ws.peek(MEAN) : runningMean;
    Tensor var = batch ? ws.peek(VAR) : runningVar;
    x.device().kernels().batchNormBackward(x, dy, mean, var, eps, weight, batch, dx,
        weight == null ? null : gradOf(weight), bias == null ? null : gradOf(bias));
  }

  /** The inference form (running statistics), as PyTorch exports a model in eval mode. */
  @Override
  public String export(GraphSink graph, String x) {
    if (runningMean == null) {
      throw new IllegalArgumentException("cannot export " + typeName() + "(" + numFeatures
          + ") to ONNX: without running statistics it normalises by each batch's");
    }
    return graph.batchNorm(x, eps, weight, bias, runningMean, runningVar);
  }

  @Override
  protected String extraRepr() {
    return numFeatures + ", eps=" + PyRepr.floatRepr(eps) + ", momentum="
        + (momentum == null ? "None" : PyRepr.floatRepr(momentum)) + ", affine=" + (affine ? "True" : "False")
        + ", track_running_stats=" + (trackRunningStats ? "True" : "False");
  }
}
