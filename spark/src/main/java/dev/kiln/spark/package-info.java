/**
 * Compiled Kiln models on Apache Spark: {@link dev.kiln.spark.Predictor} scores a
 * {@code Dataset<Row>} in batches (one model per running task, weights loaded once per executor
 * JVM from a broadcast), and {@link dev.kiln.spark.DataParallel} trains with synchronous SGD
 * across the tasks of a barrier stage (gradients averaged every step, replicas bitwise
 * identical). The core runtime does not depend on Spark; only this module does.
 */
package dev.kiln.spark;
