package dev.kiln.spark;

import dev.kiln.loss.Loss;
import dev.kiln.nn.Module;
import dev.kiln.nn.Parameter;
import dev.kiln.nn.Rng;
import dev.kiln.optim.Optimizer;
import java.io.Serializable;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.HashPartitioner;
import org.apache.spark.SparkContext;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.rdd.RDD;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.NumericType;
import org.apache.spark.sql.types.StructType;
import scala.Tuple2;
import scala.reflect.ClassTag$;

/**
 * Synchronous data-parallel training on Spark: {@code workers} tasks of one barrier stage each
 * hold a model replica and a shard of the rows ({@link Shards}); every step each computes the
 * gradient of its batch of {@code batchSize} rows, the gradients are exchanged with
 * {@code BarrierTaskContext.allGather} and averaged (weighted by rows), and every replica takes
 * the same optimizer step, so the replicas stay bitwise identical and the run follows a single
 * process training with batches of {@code workers * batchSize} rows ({@link Shards#globalBatches}).
 *
 * <pre>{@code
 * DataParallel.Result<MnistClassifier> r =
 *     DataParallel.of(MnistClassifier::create, MnistClassifier::forward)
 *         .inputShape(1, 28, 28).loss(CrossEntropyLoss::new)
 *         .optimizer(params -> new Sgd(params, 0.1f))
 *         .workers(2).batchSize(32).epochs(1).seed(0)
 *         .fit(train, "image", "label");
 * }</pre>
 *
 * <p>The initial weights come from {@code seed} on the driver ({@code Rng.manualSeed(seed)},
 * then the factory), as in a single-process run, and are broadcast. The row order of the input
 * decides the shards, so it must be deterministic (a file, a sorted table, a local list). A
 * failed task fails the whole barrier stage, which Spark retries from the start: the retried
 * run gives the same result. Each shard is held in its task's memory as floats.
 *
 * @param <M> the compiled model's type
 */
public final class DataParallel<M extends Module> {
  /** Creates the loss on each worker. */
  @FunctionalInterface
  public interface LossFactory extends Serializable {
    Loss create();
  }

  /** Creates the optimizer of each replica over its parameters. */
  @FunctionalInterface
  public interface OptimizerFactory extends Serializable {
    Optimizer create(List<Parameter> params);
  }

  /**
   * A finished run: the trained model (on the driver), the global mean loss of every step, and
   * the workers' reports.
   */
  public record Result<M extends Module>(M model, double[] losses, long[] fingerprints,
      double seconds, double setupSeconds, double computeSeconds, double exchangeSeconds,
      long samples) {
    /** Training samples per second of wall time (the whole job, data shuffle included). */
    public double samplesPerSecond() {
      return samples / seconds;
    }
  }

  private final ModelSpec<M> spec;
  private int[] sampleShape;
  private LossFactory loss;
  private OptimizerFactory optimizer;
  private int workers = 2;
  private int batchSize = 32;
  private int epochs = 1;
  private long seed;
  private boolean allGather;
  private int kernelThreads;

  private DataParallel(ModelSpec<M> spec) {
    this.spec = spec;
  }

  public static <M extends Module> DataParallel<M> of(ModelSpec.Factory<M> factory,
      ModelSpec.Forward<M> forward) {
    return new DataParallel<>(new ModelSpec<>(factory, forward));
  }

  /** The shape of one sample, e.g. {@code (1, 28, 28)}. */
  public DataParallel<M> inputShape(int... shape) {
    this.sampleShape = shape.clone();
    return this;
  }

  public DataParallel<M> loss(LossFactory factory) {
    this.loss = factory;
    return this;
  }

  public DataParallel<M> optimizer(OptimizerFactory factory) {
    this.optimizer = factory;
    return this;
  }

  /** The number of tasks, each with a replica; at most the cores Spark can run at once. */
  public DataParallel<M> workers(int n) {
    this.workers = positive(n, "workers");
    return this;
  }

  /** Rows per worker per step. */
  public DataParallel<M> batchSize(int rows) {
    this.batchSize = positive(rows, "batch size");
    return this;
  }

  public DataParallel<M> epochs(int n) {
    this.epochs = positive(n, "epochs");
    return this;
  }

  /**
   * Threads for the CPU kernels of each task (default 0: the cores Spark gives a task,
   * {@code spark.task.cpus}, 1 unless configured). Spark runs one task per core, so more than
   * that makes the tasks of one executor compete for the kernels' worker threads. The count is
   * JVM-wide ({@code CpuThreads}): set while the job's tasks run, then put back (in local mode the
   * executor is the driver's JVM).
   */
  public DataParallel<M> kernelThreads(int threads) {
    if (threads < 0) {
      throw new IllegalArgumentException("kernel threads must be non-negative, got " + threads);
    }
    this.kernelThreads = threads;
    return this;
  }

  public DataParallel<M> seed(long seed) {
    this.seed = seed;
    return this;
  }

  /**
   * Trains on {@code data}: {@code featuresColumn} holds samples of {@link #inputShape} as
   * {@code array<float>}, {@code array<double>} or {@code binary} (as {@link Predictor} reads
   * them) and {@code labelColumn} a number per row (a class index for
   * {@code CrossEntropyLoss}).
   *
   * @throws KilnSparkException if the columns are missing or of the wrong type, or more workers
   *     are asked for than Spark can run at once
   */
  public Result<M> fit(Dataset<Row> data, String featuresColumn, String labelColumn) {
    if (sampleShape == null || loss == null || optimizer == null) {
      throw new KilnSparkException("set inputShape, loss and optimizer before fit");
    }
    StructType schema = data.schema();
    List<String> names = Arrays.asList(schema.fieldNames());
    int fx = names.indexOf(featuresColumn);
    int fy = names.indexOf(labelColumn);
    if (fx < 0 || fy < 0) {
      throw new KilnSparkException("no column '" + (fx < 0 ? featuresColumn : labelColumn)
          + "' in " + schema.simpleString());
    }
    if (!(schema.fields()[fy].dataType() instanceof NumericType)) {
      throw new KilnSparkException("label column '" + labelColumn + "' has type "
          + schema.fields()[fy].dataType().simpleString() + "; expected a number");
    }
    SparkContext sc = data.sparkSession().sparkContext();
    if (workers > sc.defaultParallelism()) {
      throw new KilnSparkException(workers + " workers asked for, but Spark runs at most "
          + sc.defaultParallelism() + " tasks at once here; a barrier stage needs them all at once");
    }
    long start = System.nanoTime();
    M init;
    synchronized (Rng.class) {
      Rng.manualSeed(seed);
      init = spec.factory().create();
    }
    JavaSparkContext jsc = JavaSparkContext.fromSparkContext(sc);
    Broadcast<byte[]> initial = jsc.broadcast(Weights.of(init));
    int width = Arrays.stream(sampleShape).reduce(1, (a, b) -> a * b);
    DataType featuresType = schema.fields()[fx].dataType();
    InputColumn x = new InputColumn(featuresColumn, 0,
        Predictor.kindOf(featuresColumn, featuresType), sampleShape,
        featuresType instanceof ArrayType a && a.containsNull());
    int n = workers;
    // Spark's internal rows, as Predictor reads them: no Row with a boxed Float per value.
    org.apache.spark.sql.classic.Dataset<Row> selected = (org.apache.spark.sql.classic.Dataset<Row>)
        data.select(functions.col(quote(featuresColumn)),
            functions.col(quote(labelColumn)).cast(DataTypes.FloatType));
    JavaRDD<Sample> samples = selected.queryExecution().toRdd().toJavaRDD().zipWithIndex()
        .map(p -> {
          float[] v = new float[width];
          x.read(p._1(), v, 0, width);
          if (p._1().isNullAt(1)) {
            throw new KilnSparkException("label column is null in row " + p._2());
          }
          return new Sample(p._2(), v, p._1().getFloat(1));
        });
    long rows = data.count();
    RDD<Sample> shards = samples.mapToPair(s -> new Tuple2<>((int) (s.index() % n), s))
        .partitionBy(new HashPartitioner(n)).values().rdd();
    TrainTask<M> task = new TrainTask<>(spec, loss, optimizer, initial, sampleShape, rows,
        batchSize, epochs, seed, allGather, kernelThreads);
    // The reports go through a shuffle so that the barrier stage is a shuffle-map stage: Spark
    // retries a failed barrier shuffle-map stage whole (all its tasks, up to
    // spark.stage.maxConsecutiveAttempts), but aborts the job when a barrier result stage fails.
    RDD<WorkerReport> trained = shards.barrier()
        .mapPartitions(task, false, ClassTag$.MODULE$.apply(WorkerReport.class));
    WorkerReport[] reports = new JavaRDD<>(trained, ClassTag$.MODULE$.apply(WorkerReport.class))
        .repartition(1).collect().toArray(new WorkerReport[0]);
    initial.destroy();
    Arrays.sort(reports, (a, b) -> Integer.compare(a.rank(), b.rank()));
    long[] prints = new long[reports.length];
    long setup = 0;
    long compute = 0;
    long exchange = 0;
    for (int k = 0; k < reports.length; k++) {
      prints[k] = reports[k].fingerprint();
      setup = Math.max(setup, reports[k].setupNanos());
      compute = Math.max(compute, reports[k].computeNanos());
      exchange = Math.max(exchange, reports[k].exchangeNanos());
      if (prints[k] != prints[0]) {
        throw new KilnSparkException("replica " + k + " diverged from replica 0 (parameter"
            + " fingerprints " + Long.toHexString(prints[k]) + " and "
            + Long.toHexString(prints[0]) + ")");
      }
    }
    M model = Weights.newModel(spec, Weights.parse(reports[0].weights()));
    double seconds = (System.nanoTime() - start) / 1e9;
    return new Result<>(model, reports[0].losses(), prints, seconds, setup / 1e9, compute / 1e9,
        exchange / 1e9, rows * epochs);
  }

  /**
   * Exchanges gradients through {@code BarrierTaskContext.allGather} instead of the default TCP
   * connections to worker 0: same results, but about a second per step in Spark 4.0 (its barrier
   * calls poll for the reply once a second); for comparison.
   */
  public DataParallel<M> exchangeThroughAllGather(boolean on) {
    this.allGather = on;
    return this;
  }

  private static String quote(String column) {
    return "`" + column.replace("`", "``") + "`";
  }

  private static int positive(int n, String what) {
    if (n < 1) {
      throw new IllegalArgumentException(what + " must be positive, got " + n);
    }
    return n;
  }
}
