package dev.kiln.spark;

import dev.kiln.backend.cpu.CpuBuffer;
import dev.kiln.nn.Module;
import dev.kiln.tensor.Device;
import dev.kiln.tensor.GradMode;
import dev.kiln.tensor.Tensor;
import java.util.Iterator;
import java.util.NoSuchElementException;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.catalyst.expressions.GenericInternalRow;
import org.apache.spark.sql.catalyst.expressions.UnsafeArrayData;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.util.TaskCompletionListener;

/**
 * One partition through the model, on Spark's internal rows: borrows a model for the task
 * (returned when the task ends, failed or not), reads rows in batches, and yields for each input
 * row the kept columns (copied: the input rows are reused by Spark) with the outputs appended,
 * lazily, so a partition is never held in memory whole. Nothing is converted to or from
 * {@code Row}s: an {@code array<float>} sample is one memory copy into the batch.
 */
final class PredictPartitions<M extends Module>
    implements FlatMapFunction<Iterator<InternalRow>, InternalRow> {
  private static final long serialVersionUID = 1L;
  private final ModelSpec<M> spec;
  private final Broadcast<byte[]> weights;
  private final InputColumn input;
  private final DataType[] kept;
  private final int batchSize;
  private final int kernelThreads;
  private final boolean prediction;
  private final boolean output;

  /**
   * @param kept the types of the columns passed through: the first {@code kept.length} columns
   *     of each input row
   * @param kernelThreads threads for the CPU kernels of a task, 0: the JVM's setting
   */
  PredictPartitions(ModelSpec<M> spec, Broadcast<byte[]> weights, InputColumn input,
      DataType[] kept, int batchSize, int kernelThreads, boolean prediction, boolean output) {
    this.spec = spec;
    this.weights = weights;
    this.input = input;
    this.kept = kept;
    this.batchSize = batchSize;
    this.kernelThreads = kernelThreads;
    this.prediction = prediction;
    this.output = output;
  }

  @Override
  public Iterator<InternalRow> call(Iterator<InternalRow> rows) {
    if (!rows.hasNext()) {
      return rows;
    }
    long key = weights.id();
    M model = Replicas.borrow(key, spec, weights::value);
    TaskContext task = TaskContext.get();
    if (task != null) {
      task.addTaskCompletionListener((TaskCompletionListener) t -> Replicas.release(key, model));
    }
    KernelThreads.during(task, kernelThreads);
    return new Batches(model, rows);
  }

  private final class Batches implements Iterator<InternalRow> {
    private final M model;
    private final Iterator<InternalRow> in;
    private final Object[][] values = new Object[batchSize][];
    private final int width = kept.length + (prediction ? 1 : 0) + (output ? 1 : 0);
    private int[] shape;
    private int sample;
    private float[] batch;
    private float[] out;
    private int classes;
    private int filled;
    private int next;

    Batches(M model, Iterator<InternalRow> in) {
      this.model = model;
      this.in = in;
    }

    @Override
    public boolean hasNext() {
      return next < filled || fill();
    }

    @Override
    public InternalRow next() {
      if (!hasNext()) {
        throw new NoSuchElementException();
      }
      int i = next++;
      Object[] v = values[i];
      values[i] = null;
      int c = kept.length;
      if (prediction) {
        v[c++] = argmax(out, i * classes, classes);
      }
      if (output) {
        float[] o = new float[classes];
        System.arraycopy(out, i * classes, o, 0, classes);
        v[c] = UnsafeArrayData.fromPrimitiveArray(o);
      }
      return new GenericInternalRow(v);
    }

    private boolean fill() {
      filled = 0;
      next = 0;
      while (filled < batchSize && in.hasNext()) {
        InternalRow r = in.next();
        if (shape == null) {
          start(r);
        }
        input.read(r, batch, filled * sample, sample);
        Object[] v = new Object[width];
        for (int c = 0; c < kept.length; c++) {
          v[c] = r.isNullAt(c) ? null : InternalRow.copyValue(r.get(c, kept[c]));
        }
        values[filled++] = v;
      }
      if (filled == 0) {
        return false;
      }
      float[] x = filled == batchSize ? batch : java.util.Arrays.copyOf(batch, filled * sample);
      shape[0] = filled;
      Tensor t = new Tensor(Device.cpu(), new CpuBuffer(x), shape);
      Tensor y = GradMode.noGrad(() -> spec.forward().apply(model, t));
      out = y.toFloatArray();
      classes = out.length / filled;
      return true;
    }

    private void start(InternalRow first) {
      int[] s = input.sampleShape() != null ? input.sampleShape()
          : new int[] {input.length(first)};
      shape = new int[s.length + 1];
      System.arraycopy(s, 0, shape, 1, s.length);
      sample = 1;
      for (int d : s) {
        sample *= d;
      }
      batch = new float[batchSize * sample];
    }
  }

  /** The first index of the largest value, as {@code torch.argmax}. */
  static int argmax(float[] v, int from, int n) {
    int best = 0;
    for (int j = 1; j < n; j++) {
      if (v[from + j] > v[from + best]) {
        best = j;
      }
    }
    return best;
  }
}
