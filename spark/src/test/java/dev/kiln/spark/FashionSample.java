package dev.kiln.spark;

import dev.kiln.data.Mnist;
import dev.kiln.data.TensorDataset;
import dev.kiln.tensor.Tensor;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/** The examples' bundled Fashion-MNIST sample (6,000 / 1,000 real images), as rows. */
final class FashionSample {
  private FashionSample() {}

  static TensorDataset load(Path dir, boolean train) throws IOException {
    for (String f : new String[] {"train-images-idx3-ubyte.gz", "train-labels-idx1-ubyte.gz",
        "t10k-images-idx3-ubyte.gz", "t10k-labels-idx1-ubyte.gz"}) {
      try (InputStream in = FashionSample.class.getClassLoader()
          .getResourceAsStream("fashion-mnist-sample/" + f)) {
        Files.copy(in, dir.resolve(f));
      }
    }
    return Mnist.load(dir, train);
  }

  /** The first {@code n} samples as rows (id, image array<float>, label int). */
  static Dataset<Row> rows(TensorDataset data, int n, int partitions) {
    Tensor[] t = data.tensors();
    float[] px = t[0].toFloatArray();
    float[] labels = t[1].toFloatArray();
    List<Row> rows = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      rows.add(RowFactory.create((long) i, Arrays.copyOfRange(px, i * 784, (i + 1) * 784),
          (int) labels[i]));
    }
    StructType schema = new StructType().add("id", DataTypes.LongType)
        .add("image", DataTypes.createArrayType(DataTypes.FloatType, false))
        .add("label", DataTypes.IntegerType);
    return LocalSpark.get().createDataFrame(rows, schema).repartition(partitions);
  }
}
