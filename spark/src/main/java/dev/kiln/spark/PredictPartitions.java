package dev.kiln.spark;

import dev.kiln.backend.cpu.CpuBuffer;
import dev.kiln.nn.Module;
import dev.kiln.tensor.Device;
import dev.kiln.tensor.GradMode;
import dev.kiln.tensor.Tensor;
import java.util.Iterator;
import java.util.NoSuchElementException;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.util.TaskCompletionListener;

/**
 * One partition through the model: borrows a model for the task (returned when the task ends,
 * failed or not), reads rows in batches, and yields each input row with its outputs appended,
 * lazily, so a partition is never held in memory whole.
 */
final class PredictPartitions<M extends Module> implements MapPartitionsFunction<Row, Row> {
  private static final long serialVersionUID = 1L;
  private final ModelSpec<M> spec;
  private final Broadcast<byte[]> weights;
  private final InputColumn input;
  private final int batchSize;
  private final boolean prediction;
  private final boolean output;

  PredictPartitions(ModelSpec<M> spec, Broadcast<byte[]> weights, InputColumn input,
      int batchSize, boolean prediction, boolean output) {
    this.spec = spec;
    this.weights = weights;
    this.input = input;
    this.batchSize = batchSize;
    this.prediction = prediction;
    this.output = output;
  }

  @Override
  public Iterator<Row> call(Iterator<Row> rows) {
    if (!rows.hasNext()) {
      return rows;
    }
    long key = weights.id();
    M model = Replicas.borrow(key, spec, weights::value);
    TaskContext task = TaskContext.get();
    if (task != null) {
      task.addTaskCompletionListener((TaskCompletionListener) t -> Replicas.release(key, model));
    }
    return new Batches(model, rows);
  }

  private final class Batches implements Iterator<Row> {
    private final M model;
    private final Iterator<Row> in;
    private final Row[] rows = new Row[batchSize];
    private int[] shape;
    private int width;
    private float[] batch;
    private float[] out;
    private int classes;
    private int filled;
    private int next;

    Batches(M model, Iterator<Row> in) {
      this.model = model;
      this.in = in;
    }

    @Override
    public boolean hasNext() {
      return next < filled || fill();
    }

    @Override
    public Row next() {
      if (!hasNext()) {
        throw new NoSuchElementException();
      }
      int i = next++;
      Row r = rows[i];
      rows[i] = null;
      int n = r.length();
      Object[] v = new Object[n + (prediction ? 1 : 0) + (output ? 1 : 0)];
      for (int c = 0; c < n; c++) {
        v[c] = r.get(c);
      }
      if (prediction) {
        v[n++] = argmax(out, i * classes, classes);
      }
      if (output) {
        float[] o = new float[classes];
        System.arraycopy(out, i * classes, o, 0, classes);
        v[n] = o;
      }
      return RowFactory.create(v);
    }

    private boolean fill() {
      filled = 0;
      next = 0;
      while (filled < batchSize && in.hasNext()) {
        Row r = in.next();
        if (shape == null) {
          start(r);
        }
        input.read(r, batch, filled * width, width);
        rows[filled++] = r;
      }
      if (filled == 0) {
        return false;
      }
      float[] x = filled == batchSize ? batch : java.util.Arrays.copyOf(batch, filled * width);
      shape[0] = filled;
      Tensor t = new Tensor(Device.cpu(), new CpuBuffer(x), shape);
      Tensor y = GradMode.noGrad(() -> spec.forward().apply(model, t));
      out = y.toFloatArray();
      classes = out.length / filled;
      return true;
    }

    private void start(Row first) {
      int[] sample = input.sampleShape() != null ? input.sampleShape()
          : new int[] {input.length(first)};
      shape = new int[sample.length + 1];
      System.arraycopy(sample, 0, shape, 1, sample.length);
      width = 1;
      for (int d : sample) {
        width *= d;
      }
      batch = new float[batchSize * width];
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
