package ${package};

import dev.kiln.io.SafeTensors;
import dev.kiln.loss.MseLoss;
import dev.kiln.nn.Rng;
import dev.kiln.optim.Adam;
import dev.kiln.tensor.GradMode;
import dev.kiln.tensor.Tensor;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Trains {@link Mlp} on {@code y = x0 * x1 + sin(x2)} (256 points in {@code [-1, 1]^3}, full
 * batch, Adam), saves the weights as safetensors, and loads them into a fresh model.
 * Run with {@code mvn -q compile exec:java}; an argument sets the file
 * (default {@code target/mlp.safetensors}).
 */
public final class Train {
  private Train() {}

  public static void main(String[] args) throws IOException {
    Path file = Path.of(args.length > 0 ? args[0] : "target/mlp.safetensors");
    Rng.manualSeed(0);
    Tensor x = Rng.rand(256, 3).mul(Tensor.scalar(2f)).sub(Tensor.scalar(1f));
    Tensor y = targets(x);

    Mlp model = Mlp.create();
    System.out.println(model);
    MseLoss lossFn = new MseLoss();
    Adam optimizer = new Adam(model.parameters(), 0.01f);
    for (int epoch = 0; epoch < 300; epoch++) {
      Tensor loss = lossFn.apply(model.forward(x), y);
      optimizer.zeroGrad();
      loss.backward();
      optimizer.step();
      if (epoch % 50 == 0 || epoch == 299) {
        System.out.printf("epoch %3d  loss %.5f%n", epoch, loss.item());
      }
    }

    if (file.getParent() != null) {
      Files.createDirectories(file.getParent());
    }
    SafeTensors.save(model.stateDict(), file);
    Mlp reloaded = Mlp.create();
    reloaded.loadStateDict(SafeTensors.load(file));
    float[] a = GradMode.noGrad(() -> model.forward(x)).toFloatArray();
    float[] b = GradMode.noGrad(() -> reloaded.forward(x)).toFloatArray();
    System.out.println("saved " + file + "; the reloaded model gives "
        + (Arrays.equals(a, b) ? "the same" : "DIFFERENT") + " outputs");
    if (!Arrays.equals(a, b)) {
      System.exit(1);
    }
  }

  /** {@code y = x0 * x1 + sin(x2)} for each row of {@code x (N, 3)}: shape {@code (N, 1)}. */
  static Tensor targets(Tensor x) {
    float[] xs = x.toFloatArray();
    float[] ys = new float[xs.length / 3];
    for (int i = 0; i < ys.length; i++) {
      ys[i] = xs[3 * i] * xs[3 * i + 1] + (float) Math.sin(xs[3 * i + 2]);
    }
    return Tensor.of(ys, ys.length, 1);
  }
}
