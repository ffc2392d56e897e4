package dev.kiln.spark.examples;

import dev.kiln.backend.cpu.CpuBuffer;
import dev.kiln.data.TensorDataset;
import dev.kiln.examples.MnistClassifier;
import dev.kiln.loss.CrossEntropyLoss;
import dev.kiln.nn.Rng;
import dev.kiln.optim.Sgd;
import dev.kiln.spark.Shards;
import dev.kiln.tensor.Device;
import dev.kiln.tensor.Tensor;

/**
 * The single-process run a data-parallel run follows: same seed, one batch of up to
 * {@code workers * batchSize} rows per step, the rows {@link Shards#globalBatches} lists.
 */
public final class Replay {
  /** The model after the run. */
  public final MnistClassifier model;
  /** The loss of every step, epoch after epoch. */
  public final double[] losses;
  public final double seconds;

  /** Runs {@code epochs} epochs of SGD at {@code lr}, as one process. */
  public Replay(TensorDataset data, int workers, int batchSize, float lr, long seed, int epochs) {
    long t0 = System.nanoTime();
    Rng.manualSeed(seed);
    model = MnistClassifier.create();
    Sgd opt = new Sgd(model.parameters(), lr);
    CrossEntropyLoss lossFn = new CrossEntropyLoss();
    float[] px = data.tensors()[0].toFloatArray();
    float[] labels = data.tensors()[1].toFloatArray();
    int rows = labels.length;
    int steps = Shards.steps(rows, workers, batchSize);
    losses = new double[steps * epochs];
    for (int e = 0; e < epochs; e++) {
      int[][] batches = Shards.globalBatches(rows, workers, batchSize, seed, e);
      for (int t = 0; t < steps; t++) {
        int[] b = batches[t];
        float[] x = new float[b.length * 784];
        float[] y = new float[b.length];
        for (int j = 0; j < b.length; j++) {
          System.arraycopy(px, b[j] * 784, x, j * 784, 784);
          y[j] = labels[b[j]];
        }
        Tensor loss = lossFn.apply(
            model.forward(new Tensor(Device.cpu(), new CpuBuffer(x), b.length, 1, 28, 28)),
            Tensor.of(y, b.length));
        opt.zeroGrad();
        loss.backward();
        opt.step();
        losses[e * steps + t] = loss.item();
      }
    }
    seconds = (System.nanoTime() - t0) / 1e9;
  }
}
