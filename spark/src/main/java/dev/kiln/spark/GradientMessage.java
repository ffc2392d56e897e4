package dev.kiln.spark;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Base64;

/**
 * What a worker sends at each step through {@code BarrierTaskContext.allGather} (which carries
 * strings): its batch's row count, its mean loss and its flattened gradient, as little-endian
 * bytes in Base64.
 */
record GradientMessage(int rows, float loss, float[] gradient) {
  String encode() {
    ByteBuffer b = ByteBuffer.allocate(8 + 4 * gradient.length).order(ByteOrder.LITTLE_ENDIAN);
    b.putInt(rows).putFloat(loss);
    b.asFloatBuffer().put(gradient);
    return Base64.getEncoder().encodeToString(b.array());
  }

  static GradientMessage decode(String s, int length) {
    ByteBuffer b = ByteBuffer.wrap(Base64.getDecoder().decode(s)).order(ByteOrder.LITTLE_ENDIAN);
    if (b.remaining() != 8 + 4 * length) {
      throw new IllegalStateException("a worker sent " + b.remaining() + " bytes; expected "
          + (8 + 4 * length) + " for " + length + " gradient values");
    }
    int rows = b.getInt();
    float loss = b.getFloat();
    float[] g = new float[length];
    b.asFloatBuffer().get(g);
    return new GradientMessage(rows, loss, g);
  }

  /**
   * The gradient of the union of the workers' batches: each worker's mean gradient weighted by
   * its share of the rows, summed in worker order (so every replica computes the same bits).
   */
  static float[] average(GradientMessage[] all, int length) {
    long total = 0;
    for (GradientMessage m : all) {
      total += m.rows;
    }
    float[] avg = new float[length];
    for (GradientMessage m : all) {
      if (m.rows == 0) {
        continue;
      }
      float w = (float) m.rows / total;
      float[] g = m.gradient;
      for (int j = 0; j < length; j++) {
        avg[j] += w * g[j];
      }
    }
    return avg;
  }

  /** The mean loss over the union of the workers' batches. */
  static double loss(GradientMessage[] all) {
    double sum = 0;
    long total = 0;
    for (GradientMessage m : all) {
      sum += (double) m.loss * m.rows;
      total += m.rows;
    }
    return sum / total;
  }
}
