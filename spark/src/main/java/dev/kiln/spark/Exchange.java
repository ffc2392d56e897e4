package dev.kiln.spark;

/**
 * How the workers of a data-parallel step agree on the averaged gradient. Every worker gets the
 * same bits back, so the replicas stay identical.
 */
interface Exchange extends AutoCloseable {
  /** The averaged gradient of all workers, with the global loss stored in {@code loss[0]}. */
  float[] average(GradientMessage mine, double[] loss);

  @Override
  void close();
}
