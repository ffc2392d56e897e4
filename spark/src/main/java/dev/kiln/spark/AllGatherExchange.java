package dev.kiln.spark;

import org.apache.spark.BarrierTaskContext;

/**
 * The exchange through Spark's own primitive, {@code BarrierTaskContext.allGather}: every worker
 * sends its gradient as a Base64 string through the driver and averages all of them in rank
 * order. Correct, but Spark 4.0 waits for a barrier call's reply by polling once a second
 * ({@code Thread.sleep(1000)} in {@code BarrierTaskContext.runBarrier}), so a step costs about a
 * second whatever the model: measured, not the default.
 */
final class AllGatherExchange implements Exchange {
  private final BarrierTaskContext ctx;
  private final int length;

  AllGatherExchange(BarrierTaskContext ctx, int length) {
    this.ctx = ctx;
    this.length = length;
  }

  @Override
  public float[] average(GradientMessage mine, double[] loss) {
    String[] all = ctx.allGather(mine.encode());
    GradientMessage[] msgs = new GradientMessage[all.length];
    for (int k = 0; k < all.length; k++) {
      msgs[k] = GradientMessage.decode(all[k], length);
    }
    loss[0] = GradientMessage.loss(msgs);
    return GradientMessage.average(msgs, length);
  }

  @Override
  public void close() {}
}
