package dev.kiln.io;

import dev.kiln.data.DataLoader;
import dev.kiln.data.TensorDataset;
import dev.kiln.loss.MseLoss;
import dev.kiln.nn.Linear;
import dev.kiln.nn.Rng;
import dev.kiln.nn.Sequential;
import dev.kiln.nn.Tanh;
import dev.kiln.optim.Adam;
import dev.kiln.optim.Optimizer;
import dev.kiln.optim.Sgd;
import dev.kiln.tensor.Tensor;
import java.nio.file.Path;

/**
 * A small training run for {@link ResumeTest}, one JVM per call: {@code <optimizer> <steps>
 * <out> [<checkpoint to resume>]} trains up to {@code steps} optimizer steps in total (shuffled
 * batches of 8 of 40 samples, Rng noise added to every batch) and checkpoints to {@code out}.
 */
public final class ResumeRun {
  private static final int BATCHES = 5;

  private ResumeRun() {}

  public static void main(String[] args) throws Exception {
    String kind = args[0];
    int steps = Integer.parseInt(args[1]);
    Rng.manualSeed(2024);
    Tensor x = Rng.randn(40, 4);
    Tensor y = Rng.rand(40, 3);
    DataLoader loader = new DataLoader(new TensorDataset(x, y), 8).shuffle(5);
    if (args.length > 3) {
      Rng.manualSeed(999); // the initial weights must come from the checkpoint, not the seed
    }
    Sequential model = new Sequential(new Linear(4, 16), new Tanh(), new Linear(16, 3));
    Optimizer opt = kind.equals("adam")
        ? new Adam(model.parameters(), 0.01f).weightDecay(0.01f).amsgrad(true)
        : new Sgd(model.parameters(), 0.05f).momentum(0.9f).nesterov(true);
    int step = 0;
    int epoch = 0;
    if (args.length > 3) {
      Checkpoint c = Checkpoint.load(Path.of(args[3]));
      c.restore(model, opt);
      step = (int) c.step();
      epoch = (int) c.epoch();
    }
    MseLoss lossFn = new MseLoss();
    int skip = step - epoch * BATCHES;
    for (; step < steps; epoch++) {
      loader.setEpoch(epoch);
      for (Tensor[] batch : loader) {
        if (skip > 0) {
          skip--;
          continue;
        }
        Tensor noisy = batch[0].add(Rng.randn(batch[0].shape()).mul(Tensor.scalar(0.01f)));
        Tensor loss = lossFn.apply(model.apply(noisy), batch[1]);
        opt.zeroGrad();
        loss.backward();
        opt.step();
        if (++step == steps) {
          break;
        }
      }
    }
    Checkpoint.save(Path.of(args[2]), model, opt, step / BATCHES, step);
  }
}
