package dev.kiln.spark;

import java.io.Serializable;

/**
 * What a training task returns to the driver: a fingerprint of its final parameters (equal on
 * every replica), the trained weights (worker 0 only), the global loss of every step, and where
 * its time went (setup: reading its shard from the shuffle, building its replica, connecting to the other
 * workers).
 */
record WorkerReport(int rank, int rows, long fingerprint, byte[] weights, double[] losses,
    long setupNanos, long computeNanos, long exchangeNanos) implements Serializable {
  private static final long serialVersionUID = 1L;
}
