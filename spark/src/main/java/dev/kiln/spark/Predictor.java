package dev.kiln.spark;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.rdd.RDD;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.BinaryType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.DoubleType;
import org.apache.spark.sql.types.FloatType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import dev.kiln.nn.Module;

/**
 * Batch inference with a compiled model over a {@code Dataset<Row>}: the one call a user writes
 * is
 *
 * <pre>{@code
 * Dataset<Row> scored = Predictor.of(MnistClassifier::create, MnistClassifier::forward)
 *     .weights(Path.of("kiln-output/mnist-classifier.safetensors"))
 *     .inputShape(1, 28, 28)
 *     .transform(images, "image");    // adds "prediction": the argmax of the model's output
 * }</pre>
 *
 * <p>The input column holds one sample per row: {@code array<float>}, {@code array<double>}, or
 * {@code binary} (bytes read as unsigned and divided by 255, as the MNIST loader does). The
 * weights file is read and checked on the driver when {@link #transform} is called — a missing,
 * malformed or mismatched file throws {@link KilnSparkException} there — and its bytes are
 * broadcast once. On the executors each running task borrows a model of its own (built from the
 * broadcast weights only when no idle one is left in that JVM; compiled models are not shared
 * between threads) and feeds its partition through in batches of {@link #batchSize(int)} rows,
 * without gradients. The transform is lazy, like any {@code mapPartitions}; rows keep their
 * order and all their columns.
 *
 * @param <M> the compiled model's type
 */
public final class Predictor<M extends Module> {
  private final ModelSpec<M> spec;
  private Path weights;
  private int[] sampleShape;
  private int batchSize = 1024;
  private String predictionColumn = "prediction";
  private String outputColumn;
  private String[] keepColumns;
  private int kernelThreads;

  private Predictor(ModelSpec<M> spec) {
    this.spec = spec;
  }

  /** A predictor for the model {@code factory} builds, called through {@code forward}. */
  public static <M extends Module> Predictor<M> of(ModelSpec.Factory<M> factory,
      ModelSpec.Forward<M> forward) {
    return new Predictor<>(new ModelSpec<>(factory, forward));
  }

  /** The safetensors file to load (read on the driver, broadcast to the executors). */
  public Predictor<M> weights(Path file) {
    this.weights = file;
    return this;
  }

  /**
   * The shape of one sample, e.g. {@code (1, 28, 28)}: a batch is fed as {@code (B, 1, 28, 28)}.
   * By default a sample is a vector whose length is that of the first row.
   */
  public Predictor<M> inputShape(int... shape) {
    this.sampleShape = shape.clone();
    return this;
  }

  /** Rows per forward call (default 1024). */
  public Predictor<M> batchSize(int rows) {
    if (rows < 1) {
      throw new IllegalArgumentException("batch size must be positive, got " + rows);
    }
    this.batchSize = rows;
    return this;
  }

  /** The integer column for the argmax over the output's last dimension (null: none). */
  public Predictor<M> predictionColumn(String column) {
    this.predictionColumn = column;
    return this;
  }

  /**
   * The input columns to pass through to the output, in this order (default: all of them, the
   * input column included). Keeping only an id avoids copying every sample into the output.
   */
  public Predictor<M> keepColumns(String... columns) {
    this.keepColumns = columns.clone();
    return this;
  }

  /**
   * Threads for the CPU kernels of each task (default 0: the cores Spark gives a task,
   * {@code spark.task.cpus}, 1 unless configured). Spark runs one task per core, so more than
   * that makes the tasks of one executor compete for the kernels' worker threads. The count is
   * JVM-wide ({@code CpuThreads}): set while the job's tasks run, then put back (in local mode the
   * executor is the driver's JVM).
   */
  public Predictor<M> kernelThreads(int threads) {
    if (threads < 0) {
      throw new IllegalArgumentException("kernel threads must be non-negative, got " + threads);
    }
    this.kernelThreads = threads;
    return this;
  }

  /** Also add the raw model output of each row as an {@code array<float>} column. */
  public Predictor<M> outputColumn(String column) {
    this.outputColumn = column;
    return this;
  }

  /**
   * {@code rows} with the prediction (and output) columns appended, computed lazily partition by
   * partition.
   *
   * @throws KilnSparkException if the weights are missing, malformed or do not fit the model, or
   *     the input column does not exist or has a type other than array of float/double or binary
   */
  public Dataset<Row> transform(Dataset<Row> rows, String inputColumn) {
    if (weights == null) {
      throw new KilnSparkException("no weights: call weights(Path) before transform");
    }
    if (predictionColumn == null && outputColumn == null) {
      throw new KilnSparkException("nothing to compute: both the prediction and output columns are off");
    }
    StructType schema = rows.schema();
    List<String> names = Arrays.asList(schema.fieldNames());
    int index = names.indexOf(inputColumn);
    if (index < 0) {
      throw new KilnSparkException("no input column '" + inputColumn + "' in " + schema.simpleString());
    }
    DataType inputType = schema.fields()[index].dataType();
    InputColumn.Kind kind = kindOf(inputColumn, inputType);
    List<String> keep = keepColumns != null ? Arrays.asList(keepColumns) : names;
    for (String c : keep) {
      if (!names.contains(c)) {
        throw new KilnSparkException("no column '" + c + "' to keep in " + schema.simpleString());
      }
    }
    if (!(rows.sparkSession() instanceof org.apache.spark.sql.classic.SparkSession session)) {
      throw new KilnSparkException("Predictor needs a classic SparkSession (not Spark Connect)");
    }
    byte[] bytes = Weights.readChecked(weights, spec);
    JavaSparkContext jsc = JavaSparkContext.fromSparkContext(session.sparkContext());
    Broadcast<byte[]> broadcast = jsc.broadcast(bytes);

    // Read the kept columns, then the input column, as Spark's internal rows (no Row objects).
    List<Column> read = new ArrayList<>();
    StructType out = new StructType();
    DataType[] kept = new DataType[keep.size()];
    for (int k = 0; k < kept.length; k++) {
      StructField f = schema.fields()[names.indexOf(keep.get(k))];
      read.add(functions.col(quote(f.name())));
      out = out.add(f);
      kept[k] = f.dataType();
    }
    read.add(functions.col(quote(inputColumn)));
    if (predictionColumn != null) {
      out = out.add(predictionColumn, DataTypes.IntegerType, false);
    }
    if (outputColumn != null) {
      out = out.add(new StructField(outputColumn,
          DataTypes.createArrayType(DataTypes.FloatType, false), false,
          org.apache.spark.sql.types.Metadata.empty()));
    }
    boolean containsNull = inputType instanceof ArrayType a && a.containsNull();
    PredictPartitions<M> fn = new PredictPartitions<>(spec, broadcast,
        new InputColumn(inputColumn, kept.length, kind, sampleShape, containsNull), kept,
        batchSize, kernelThreads, predictionColumn != null, outputColumn != null);
    org.apache.spark.sql.classic.Dataset<Row> selected =
        (org.apache.spark.sql.classic.Dataset<Row>) rows.select(read.toArray(new Column[0]));
    RDD<InternalRow> internal = selected.queryExecution().toRdd().toJavaRDD()
        .mapPartitions(fn).rdd();
    return session.internalCreateDataFrame(internal, out, false);
  }

  private static String quote(String column) {
    return "`" + column.replace("`", "``") + "`";
  }

  static InputColumn.Kind kindOf(String column, DataType type) {
    if (type instanceof BinaryType) {
      return InputColumn.Kind.BYTES;
    }
    if (type instanceof ArrayType a && a.elementType() instanceof FloatType) {
      return InputColumn.Kind.FLOATS;
    }
    if (type instanceof ArrayType a && a.elementType() instanceof DoubleType) {
      return InputColumn.Kind.DOUBLES;
    }
    throw new KilnSparkException("input column '" + column + "' has type " + type.simpleString()
        + "; expected array<float>, array<double> or binary");
  }
}
