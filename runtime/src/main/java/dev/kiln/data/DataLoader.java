package dev.kiln.data;

import dev.kiln.tensor.Tensor;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.SplittableRandom;

/**
 * Batches of a {@link TensorDataset}, as {@code torch.utils.data.DataLoader}: each batch is one
 * tensor per dataset tensor with first dimension {@code B = batchSize} (images
 * {@code (B, 1, 28, 28)}, labels {@code (B)}); the last batch holds the remaining
 * {@code N % B} samples unless {@link #dropLast(boolean)} drops it.
 *
 * <p><b>Batch tensors are reused:</b> every full batch is copied into the same tensors (and the
 * final partial batch into its own pair), so a batch is overwritten by the next one; copy what
 * you need to keep ({@link Tensor#toFloatArray()}). Rows are copied with
 * {@code System.arraycopy}; iterating allocates no float arrays after the first epoch. Run one
 * iteration at a time.
 *
 * <p>With {@link #shuffle(long)} every epoch (every {@link #iterator()} call) visits each sample
 * exactly once in a new permutation: epoch {@code e} uses a Fisher-Yates shuffle driven by
 * {@code SplittableRandom(seed * 1_000_003 + e)}, so runs with the same seed see the same
 * orders, epoch after epoch. Without it, samples come in order. {@link #epoch()} counts the
 * iterations started; a resumed run sets it back with {@link #setEpoch(int)} (as PyTorch's
 * {@code DistributedSampler.set_epoch}) to see the batches the interrupted run would have seen.
 */
public final class DataLoader implements Iterable<Tensor[]> {
  private final TensorDataset data;
  private final int batchSize;
  private Long seed;
  private boolean dropLast;
  private int epoch;
  private Tensor[] full;
  private Tensor[] partial;

  /** Batches of {@code batchSize} samples, in order, keeping the partial last batch. */
  public DataLoader(TensorDataset data, int batchSize) {
    if (batchSize <= 0) {
      throw new IllegalArgumentException("batch size must be positive, got " + batchSize);
    }
    this.data = data;
    this.batchSize = batchSize;
  }

  /** Reshuffles every epoch with permutations derived from {@code seed}; returns this. */
  public DataLoader shuffle(long seed) {
    this.seed = seed;
    return this;
  }

  /** Drops the last batch when it is smaller than the batch size; returns this. */
  public DataLoader dropLast(boolean drop) {
    this.dropLast = drop;
    return this;
  }

  /** The epoch the next {@link #iterator()} runs: how many iterations have started. */
  public int epoch() {
    return epoch;
  }

  /** Makes the next {@link #iterator()} run epoch {@code epoch} (its permutation); returns this. */
  public DataLoader setEpoch(int epoch) {
    if (epoch < 0) {
      throw new IllegalArgumentException("epoch must be >= 0, got " + epoch);
    }
    this.epoch = epoch;
    return this;
  }

  /** The number of samples. */
  public int size() {
    return data.size();
  }

  /** The batch size {@code B}. */
  public int batchSize() {
    return batchSize;
  }

  /** The number of batches an epoch yields: {@code ceil(N / B)}, or {@code floor} with dropLast. */
  public int numBatches() {
    int n = data.size();
    return dropLast ? n / batchSize : (n + batchSize - 1) / batchSize;
  }

  /** The next epoch: {@link #numBatches()} batches, each overwriting the previous one. */
  @Override
  public Iterator<Tensor[]> iterator() {
    int[] order = order(epoch++);
    int batches = numBatches();
    return new Iterator<>() {
      private int batch;

      @Override
      public boolean hasNext() {
        return batch < batches;
      }

      @Override
      public Tensor[] next() {
        if (!hasNext()) {
          throw new NoSuchElementException();
        }
        int start = batch++ * batchSize;
        int count = Math.min(batchSize, order.length - start);
        Tensor[] out = buffers(count);
        Tensor[] src = data.tensors();
        for (int k = 0; k < src.length; k++) {
          int w = Rows.width(src[k]);
          float[] from = Rows.array(src[k]);
          float[] to = Rows.array(out[k]);
          for (int i = 0; i < count; i++) {
            System.arraycopy(from, order[start + i] * w, to, i * w, w);
          }
        }
        return out;
      }
    };
  }

  private int[] order(int e) {
    int[] order = new int[data.size()];
    for (int i = 0; i < order.length; i++) {
      order[i] = i;
    }
    if (seed != null) {
      SplittableRandom r = new SplittableRandom(seed * 1_000_003L + e);
      for (int i = order.length - 1; i > 0; i--) {
        int j = r.nextInt(i + 1);
        int t = order[i];
        order[i] = order[j];
        order[j] = t;
      }
    }
    return order;
  }

  private Tensor[] buffers(int count) {
    if (count == batchSize) {
      return full == null ? (full = allocate(count)) : full;
    }
    if (partial == null || partial[0].size(0) != count) {
      partial = allocate(count);
    }
    return partial;
  }

  private Tensor[] allocate(int count) {
    Tensor[] src = data.tensors();
    Tensor[] out = new Tensor[src.length];
    for (int k = 0; k < src.length; k++) {
      int[] shape = src[k].shape();
      shape[0] = count;
      out[k] = Tensor.zeros(shape);
    }
    return out;
  }
}
