package dev.kiln.spark;

import java.util.SplittableRandom;

/**
 * Which rows a worker trains on, and in which order: row {@code i} of the input (in the input's
 * order) belongs to worker {@code i % N}, which keeps its rows in input order and shuffles them
 * every epoch with its own seeded permutation (a Fisher-Yates shuffle as {@code DataLoader}'s).
 * Step {@code t} of an epoch takes positions {@code [t*b, (t+1)*b)} of that permutation on every
 * worker; the step's global batch is worker 0's rows, then worker 1's, and so on.
 * {@link #globalBatches} spells this out so a single process can replay the same batches.
 */
public final class Shards {
  private Shards() {}

  /** How many of {@code rows} rows worker {@code rank} of {@code workers} holds. */
  public static int size(long rows, int workers, int rank) {
    return (int) ((rows - rank + workers - 1) / workers);
  }

  /** The steps of one epoch: enough for the largest shard (worker 0's). */
  public static int steps(long rows, int workers, int batchSize) {
    return (size(rows, workers, 0) + batchSize - 1) / batchSize;
  }

  /** Worker {@code rank}'s permutation of its {@code n} positions in epoch {@code epoch}. */
  public static int[] order(long seed, int epoch, int rank, int n) {
    int[] order = new int[n];
    for (int i = 0; i < n; i++) {
      order[i] = i;
    }
    SplittableRandom r = new SplittableRandom((seed * 1_000_003L + epoch) * 1_000_033L + rank);
    for (int i = n - 1; i > 0; i--) {
      int j = r.nextInt(i + 1);
      int t = order[i];
      order[i] = order[j];
      order[j] = t;
    }
    return order;
  }

  /**
   * The input-row indices of every step of epoch {@code epoch} as the workers together see it:
   * step {@code t}'s array holds worker 0's rows of that step, then worker 1's, and so on. A
   * single process training on these batches of up to {@code workers * batchSize} rows follows
   * the data-parallel run.
   */
  public static int[][] globalBatches(int rows, int workers, int batchSize, long seed, int epoch) {
    int steps = steps(rows, workers, batchSize);
    int[][] orders = new int[workers][];
    for (int k = 0; k < workers; k++) {
      orders[k] = order(seed, epoch, k, size(rows, workers, k));
    }
    int[][] out = new int[steps][];
    for (int t = 0; t < steps; t++) {
      int total = 0;
      for (int k = 0; k < workers; k++) {
        total += count(orders[k].length, t, batchSize);
      }
      int[] batch = new int[total];
      int at = 0;
      for (int k = 0; k < workers; k++) {
        int c = count(orders[k].length, t, batchSize);
        for (int j = 0; j < c; j++) {
          batch[at++] = k + orders[k][t * batchSize + j] * workers;
        }
      }
      out[t] = batch;
    }
    return out;
  }

  /** The rows a shard of {@code n} contributes to step {@code t}. */
  static int count(int n, int t, int batchSize) {
    return Math.max(0, Math.min(batchSize, n - t * batchSize));
  }
}
