package dev.kiln.spark.examples;

import dev.kiln.data.TensorDataset;
import dev.kiln.tensor.Tensor;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/** What the examples share: options, a local Spark session, images as rows. */
final class Local {
  private Local() {}

  /** {@code --name value} pairs; empty arguments (an unset -Dkiln.args) are ignored. */
  static Map<String, String> options(String[] args, String usage) {
    Map<String, String> o = new HashMap<>();
    List<String> a = new ArrayList<>();
    for (String s : args) {
      if (!s.isBlank()) {
        a.add(s);
      }
    }
    for (int i = 0; i < a.size(); i += 2) {
      if (!a.get(i).startsWith("--") || i + 1 >= a.size()) {
        System.err.println(usage);
        System.exit(2);
      }
      o.put(a.get(i).substring(2), a.get(i + 1));
    }
    return o;
  }

  static Path data(Map<String, String> o) {
    return o.containsKey("data") ? Path.of(o.get("data")) : null;
  }

  static SparkSession spark(String master) {
    SparkSession s = SparkSession.builder().master(master).appName("kiln")
        .config("spark.ui.enabled", "false")
        .config("spark.ui.showConsoleProgress", "false")
        .config("spark.driver.host", "127.0.0.1")
        .config("spark.driver.bindAddress", "127.0.0.1")
        .getOrCreate();
    s.sparkContext().setLogLevel("ERROR");
    return s;
  }

  /** Rows (id long, image array&lt;float&gt; of 784, label int), in {@code partitions} slices. */
  static Dataset<Row> rows(SparkSession spark, TensorDataset data, int partitions) {
    Tensor[] t = data.tensors();
    float[] px = t[0].toFloatArray();
    float[] labels = t[1].toFloatArray();
    int n = labels.length;
    List<Row> rows = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      rows.add(RowFactory.create((long) i, Arrays.copyOfRange(px, i * 784, (i + 1) * 784),
          (int) labels[i]));
    }
    StructType schema = new StructType().add("id", DataTypes.LongType)
        .add("image", DataTypes.createArrayType(DataTypes.FloatType, false))
        .add("label", DataTypes.IntegerType);
    // Parallelized, not a local relation (whose plan holds every image, hashed by the cache
    // lookup of each query); then shuffled once, so that the cached partitions carry no data
    // (a parallelized partition holds its rows and goes with every task that reads it).
    JavaRDD<Row> rdd = JavaSparkContext.fromSparkContext(spark.sparkContext())
        .parallelize(rows, partitions);
    return spark.createDataFrame(rdd, schema).repartition(partitions).cache();
  }
}
