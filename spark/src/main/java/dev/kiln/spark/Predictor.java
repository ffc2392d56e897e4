package dev.kiln.spark;

import java.nio.file.Path;
import java.util.Arrays;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
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
    int index = Arrays.asList(schema.fieldNames()).indexOf(inputColumn);
    if (index < 0) {
      throw new KilnSparkException("no input column '" + inputColumn + "' in " + schema.simpleString());
    }
    InputColumn.Kind kind = kindOf(inputColumn, schema.fields()[index].dataType());
    byte[] bytes = Weights.readChecked(weights, spec);
    JavaSparkContext jsc = JavaSparkContext.fromSparkContext(rows.sparkSession().sparkContext());
    Broadcast<byte[]> broadcast = jsc.broadcast(bytes);
    StructType out = schema;
    if (predictionColumn != null) {
      out = out.add(predictionColumn, DataTypes.IntegerType, false);
    }
    if (outputColumn != null) {
      out = out.add(new StructField(outputColumn,
          DataTypes.createArrayType(DataTypes.FloatType, false), false,
          org.apache.spark.sql.types.Metadata.empty()));
    }
    PredictPartitions<M> fn = new PredictPartitions<>(spec, broadcast,
        new InputColumn(inputColumn, index, kind, sampleShape), batchSize,
        predictionColumn != null, outputColumn != null);
    return rows.mapPartitions(fn, Encoders.row(out));
  }

  private static InputColumn.Kind kindOf(String column, DataType type) {
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
