package dev.kiln.spark;

import dev.kiln.backend.cpu.CpuBuffer;
import dev.kiln.loss.Loss;
import dev.kiln.nn.Module;
import dev.kiln.nn.Parameter;
import dev.kiln.optim.Optimizer;
import dev.kiln.tensor.Device;
import dev.kiln.tensor.Tensor;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.zip.CRC32;
import org.apache.spark.BarrierTaskContext;
import org.apache.spark.broadcast.Broadcast;
import scala.jdk.javaapi.CollectionConverters;
import scala.runtime.AbstractFunction1;

/**
 * One worker of a barrier stage: holds its shard and a model replica built from the broadcast
 * initial weights, and every step computes its batch's gradient, exchanges it with all workers
 * ({@code allGather}), applies the average and steps its own optimizer. Every replica averages
 * the same messages in the same order, so all stay bitwise identical.
 */
final class TrainTask<M extends Module>
    extends AbstractFunction1<scala.collection.Iterator<Sample>, scala.collection.Iterator<WorkerReport>>
    implements Serializable {
  private static final long serialVersionUID = 1L;
  private final ModelSpec<M> spec;
  private final DataParallel.LossFactory lossFactory;
  private final DataParallel.OptimizerFactory optimizerFactory;
  private final Broadcast<byte[]> initial;
  private final int[] sampleShape;
  private final long rows;
  private final int batchSize;
  private final int epochs;
  private final long seed;
  private final boolean allGather;
  private final int kernelThreads;

  TrainTask(ModelSpec<M> spec, DataParallel.LossFactory lossFactory,
      DataParallel.OptimizerFactory optimizerFactory, Broadcast<byte[]> initial, int[] sampleShape,
      long rows, int batchSize, int epochs, long seed, boolean allGather, int kernelThreads) {
    this.spec = spec;
    this.lossFactory = lossFactory;
    this.optimizerFactory = optimizerFactory;
    this.initial = initial;
    this.sampleShape = sampleShape;
    this.rows = rows;
    this.batchSize = batchSize;
    this.epochs = epochs;
    this.seed = seed;
    this.allGather = allGather;
    this.kernelThreads = kernelThreads;
  }

  @Override
  public scala.collection.Iterator<WorkerReport> apply(scala.collection.Iterator<Sample> in) {
    long started = System.nanoTime();
    BarrierTaskContext ctx = BarrierTaskContext.get();
    int rank = ctx.partitionId();
    int workers = ctx.getTaskInfos().length;
    List<Sample> shard = new ArrayList<>();
    CollectionConverters.asJava(in).forEachRemaining(shard::add);
    shard.sort(Comparator.comparingLong(Sample::index));
    if (shard.size() != Shards.size(rows, workers, rank)) {
      throw new IllegalStateException("worker " + rank + " received " + shard.size()
          + " rows; expected " + Shards.size(rows, workers, rank) + " of " + rows);
    }
    int width = 1;
    for (int d : sampleShape) {
      width *= d;
    }
    float[] xs = new float[shard.size() * width];
    float[] ys = new float[shard.size()];
    for (int i = 0; i < shard.size(); i++) {
      System.arraycopy(shard.get(i).x(), 0, xs, i * width, width);
      ys[i] = shard.get(i).y();
    }
    shard = null;

    KernelThreads.during(ctx, kernelThreads);
    M model = Weights.newModel(spec, Weights.parse(initial.value()));
    model.train();
    List<Parameter> params = model.parameters();
    Optimizer optimizer = optimizerFactory.create(params);
    Loss lossFn = lossFactory.create();
    int length = 0;
    for (Parameter p : params) {
      length += p.numel();
    }
    int n = ys.length;
    int steps = Shards.steps(rows, workers, batchSize);
    double[] losses = new double[steps * epochs];
    long compute = 0;
    long exchange = 0;
    long setup;
    try (Exchange exchanger = allGather ? new AllGatherExchange(ctx, length)
        : SocketExchange.open(ctx, length)) {
      setup = System.nanoTime() - started;
      for (int epoch = 0; epoch < epochs; epoch++) {
        int[] order = Shards.order(seed, epoch, rank, n);
        for (int t = 0; t < steps; t++) {
          long t0 = System.nanoTime();
          int count = Shards.count(n, t, batchSize);
          float[] grad = new float[length];
          float loss = 0;
          optimizer.zeroGrad();
          if (count > 0) {
            int[] shape = new int[sampleShape.length + 1];
            shape[0] = count;
            System.arraycopy(sampleShape, 0, shape, 1, sampleShape.length);
            float[] x = new float[count * width];
            float[] y = new float[count];
            for (int j = 0; j < count; j++) {
              int row = order[t * batchSize + j];
              System.arraycopy(xs, row * width, x, j * width, width);
              y[j] = ys[row];
            }
            Tensor out = spec.forward().apply(model,
                new Tensor(Device.cpu(), new CpuBuffer(x), shape));
            Tensor l = lossFn.apply(out, new Tensor(Device.cpu(), new CpuBuffer(y), count));
            l.backward();
            loss = l.item();
            flatten(params, grad);
          }
          long t1 = System.nanoTime();
          double[] global = new double[1];
          float[] avg = exchanger.average(new GradientMessage(count, loss, grad), global);
          long t2 = System.nanoTime();
          setGradients(params, avg);
          optimizer.step();
          losses[epoch * steps + t] = global[0];
          compute += (t1 - t0) + (System.nanoTime() - t2);
          exchange += t2 - t1;
        }
      }
    }
    byte[] weights = rank == 0 ? Weights.of(model) : null;
    WorkerReport report = new WorkerReport(rank, n, fingerprint(params), weights, losses,
        setup, compute, exchange);
    return CollectionConverters.asScala(List.of(report).iterator());
  }

  private static void flatten(List<Parameter> params, float[] into) {
    int at = 0;
    for (Parameter p : params) {
      if (p.grad() != null) {
        float[] g = p.grad().toFloatArray();
        System.arraycopy(g, 0, into, at, g.length);
      }
      at += p.numel();
    }
  }

  private static void setGradients(List<Parameter> params, float[] avg) {
    int at = 0;
    for (Parameter p : params) {
      int n = p.numel();
      if (p.grad() != null && p.grad().buffer() instanceof CpuBuffer cpu) {
        System.arraycopy(avg, at, cpu.array(), 0, n);
      } else {
        p.setGrad(Tensor.of(java.util.Arrays.copyOfRange(avg, at, at + n), p.shape()));
      }
      at += n;
    }
  }

  /** A CRC of every parameter's bits: equal fingerprints mean (almost surely) equal replicas. */
  static long fingerprint(List<Parameter> params) {
    CRC32 crc = new CRC32();
    for (Parameter p : params) {
      for (float v : p.toFloatArray()) {
        int bits = Float.floatToRawIntBits(v);
        crc.update(bits);
        crc.update(bits >>> 8);
        crc.update(bits >>> 16);
        crc.update(bits >>> 24);
      }
    }
    return crc.getValue();
  }
}
