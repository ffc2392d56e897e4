/**
 * Runnable examples of Kiln on Spark in local mode, with the flagship's Fashion-MNIST
 * classifier: {@link dev.kiln.spark.examples.ScoreFashionMnist} (batch inference),
 * {@link dev.kiln.spark.examples.TrainFashionMnist} (data-parallel training) and
 * {@link dev.kiln.spark.examples.SparkBench} (throughput tables).
 */
package dev.kiln.spark.examples;
