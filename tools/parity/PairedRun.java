import dev.kiln.data.DataLoader;
import dev.kiln.data.Mnist;
import dev.kiln.data.TensorDataset;
import dev.kiln.examples.MnistClassifier;
import dev.kiln.loss.CrossEntropyLoss;
import dev.kiln.nn.Parameter;
import dev.kiln.nn.Rng;
import dev.kiln.optim.Sgd;
import dev.kiln.tensor.GradMode;
import dev.kiln.tensor.Tensor;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The flagship recipe in Kiln with PyTorch's random streams swapped in: {@code MODE} is two
 * letters, the initial weights' source then the sample orders' ({@code T}: the files
 * torch_runs.py wrote in DIR, {@code K}: Kiln's own Rng and DataLoader.shuffle). Prints the
 * 5-epoch test accuracy per seed, to compare with torch_runs.py's. Run after {@code mvn -q
 * -DskipTests install}: {@code java --add-modules jdk.incubator.vector -cp
 * runtime/target/classes:examples/target/classes tools/parity/PairedRun.java DIR TT 0 1 2}
 */
public class PairedRun {
  public static void main(String[] args) throws Exception {
    if (args.length < 3 || !args[1].matches("[TK]{2}")) {
      System.err.println("usage: PairedRun DIR MODE SEED...  (MODE: two of T/K, weights then"
          + " orders; T reads DIR/init<seed>.bin and DIR/perm<seed>.bin from torch_runs.py)");
      System.exit(2);
    }
    Path dir = Path.of(args[0]);
    String mode = args[1];
    TensorDataset train = (TensorDataset) Mnist.load(Mnist.DEBIAN_DIR, true);
    var test = Mnist.load(Mnist.DEBIAN_DIR, false);
    for (int a = 2; a < args.length; a++) {
      long seed = Long.parseLong(args[a]);
      Rng.manualSeed(seed);
      MnistClassifier model = MnistClassifier.create();
      if (mode.charAt(0) == 'T') {
        FloatBufferReader init = new FloatBufferReader(dir.resolve("init" + seed + ".bin"));
        for (Parameter p : model.parameters()) {
          p.device().kernels().copy(Tensor.of(init.next(p.numel()), p.shape()), p);
        }
      }
      int[] orders = mode.charAt(1) == 'T' ? ints(dir.resolve("perm" + seed + ".bin")) : null;
      DataLoader own = new DataLoader(train, 64).shuffle(seed);
      CrossEntropyLoss lossFn = new CrossEntropyLoss();
      Sgd opt = new Sgd(model.parameters(), 0.1f);
      for (int e = 0; e < 5; e++) {
        DataLoader loader = orders == null ? own : new DataLoader(reorder(train, orders, e), 64);
        for (Tensor[] b : loader) {
          Tensor loss = lossFn.apply(model.forward(b[0]), b[1]);
          opt.zeroGrad();
          loss.backward();
          opt.step();
        }
      }
      long correct = 0;
      for (Tensor[] b : new DataLoader(test, 1000)) {
        correct += (long) GradMode.noGrad(() -> model.forward(b[0])).argmax(1).eq(b[1]).sum()
            .item();
      }
      System.out.printf("%s seed %d %.2f%n", mode, seed, 100.0 * correct / test.size());
    }
  }

  /** The training set in epoch {@code e}'s order. */
  private static TensorDataset reorder(TensorDataset d, int[] orders, int e) {
    Tensor[] t = d.tensors();
    float[] x = t[0].toFloatArray();
    float[] y = t[1].toFloatArray();
    int n = y.length;
    int w = x.length / n;
    float[] px = new float[x.length];
    float[] py = new float[n];
    for (int i = 0; i < n; i++) {
      int r = orders[e * n + i];
      System.arraycopy(x, r * w, px, i * w, w);
      py[i] = y[r];
    }
    return new TensorDataset(Tensor.of(px, t[0].shape()), Tensor.of(py, n));
  }

  private static int[] ints(Path file) throws Exception {
    ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(file)).order(ByteOrder.LITTLE_ENDIAN);
    int[] v = new int[b.remaining() / 4];
    b.asIntBuffer().get(v);
    return v;
  }

  /** Consecutive float32 LE values of a file. */
  private static final class FloatBufferReader {
    private final ByteBuffer b;

    FloatBufferReader(Path file) throws Exception {
      b = ByteBuffer.wrap(Files.readAllBytes(file)).order(ByteOrder.LITTLE_ENDIAN);
    }

    float[] next(int count) {
      float[] v = new float[count];
      b.asFloatBuffer().get(v);
      b.position(b.position() + 4 * count);
      return v;
    }
  }
}
