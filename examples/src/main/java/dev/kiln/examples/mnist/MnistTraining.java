package dev.kiln.examples.mnist;

import dev.kiln.data.DataLoader;
import dev.kiln.examples.MnistClassifier;
import dev.kiln.examples.plot.TrainingPlot;
import dev.kiln.io.SafeTensors;
import dev.kiln.loss.CrossEntropyLoss;
import dev.kiln.nn.Rng;
import dev.kiln.nn.Module;
import dev.kiln.optim.Optimizer;
import dev.kiln.tensor.Device;
import dev.kiln.tensor.GradMode;
import dev.kiln.tensor.Tensor;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The flagship loop: the tutorial's {@link MnistClassifier} trained with
 * {@code CrossEntropyLoss} and {@code Sgd}, evaluated on the test set every epoch, saved as
 * safetensors with a loss/accuracy plot. Runs on {@link Device#configured()} (the CPU unless
 * {@code -Dkiln.device=opencl} or {@code KILN_DEVICE} says otherwise).
 */
public final class MnistTraining {
  public static final String WEIGHTS = Recipe.MLP.weights();
  static final String PLOT = Recipe.MLP.plot();

  private MnistTraining() {}

  /** Per-epoch mean training loss and test accuracy, and where the weights went. */
  public record Result(List<Double> losses, List<Double> accuracies, Path weights) {}

  public static Result run(Options o, DataSource data, PrintStream out) throws IOException {
    return run(Recipe.MLP, o, data, out);
  }

  /** Trains {@code r}'s model as the options say, evaluating, saving and plotting. */
  public static <M extends Module> Result run(Recipe<M> r, Options o, DataSource data,
      PrintStream out) throws IOException {
    Rng.manualSeed(o.seed());
    M model = r.create().get();
    Device device = Device.configured();
    model.to(device);
    out.println(model);
    out.println("device: " + device);
    out.printf(Locale.ROOT, "parameters: %,d%n", model.numParameters());
    out.println("data: " + data.description());
    DataLoader train = new DataLoader(data.train(), o.batchSize()).shuffle(o.seed());
    DataLoader test = new DataLoader(data.test(), 1000);
    CrossEntropyLoss lossFn = new CrossEntropyLoss();
    Optimizer optimizer = r.optimizer().apply(model, o.lr());
    List<Double> losses = new ArrayList<>();
    List<Double> accuracies = new ArrayList<>();
    for (int epoch = 1; epoch <= o.epochs(); epoch++) {
      model.train();
      ProgressBar bar = new ProgressBar(out, "epoch " + epoch + "/" + o.epochs(), train.numBatches());
      double sum = 0;
      long seen = 0;
      int step = 0;
      for (Tensor[] batch : train) {
        Tensor loss = lossFn.apply(r.apply(model, batch[0].to(device)), batch[1].to(device));
        optimizer.zeroGrad();
        loss.backward();
        optimizer.step();
        sum += loss.item() * batch[0].size(0);
        seen += batch[0].size(0);
        bar.update(++step, sum / seen, seen);
      }
      losses.add(sum / seen);
      accuracies.add(accuracy(model, x -> r.apply(model, x), test, device));
      out.printf(Locale.ROOT, "epoch %d/%d: train loss %.4f, test accuracy %.2f%%%n", epoch,
          o.epochs(), sum / seen, 100 * accuracies.get(accuracies.size() - 1));
    }
    Files.createDirectories(o.out());
    Path weights = o.out().resolve(r.weights());
    SafeTensors.save(model.stateDict(), weights);
    TrainingPlot.lossAndAccuracy(o.out().resolve(r.plot()), losses, accuracies);
    out.println("weights: " + weights.toAbsolutePath());
    out.println("loss/accuracy curves: " + o.out().resolve(r.plot()).toAbsolutePath());
    return new Result(losses, accuracies, weights);
  }

  /** The fraction of {@code test} that {@code model} classifies correctly, without grad. */
  static double accuracy(MnistClassifier model, DataLoader test, Device device) {
    return accuracy(model, model::forward, test, device);
  }

  static double accuracy(Module model, java.util.function.UnaryOperator<Tensor> forward,
      DataLoader test, Device device) {
    model.eval();
    long correct = 0;
    for (Tensor[] batch : test) {
      correct += (long) GradMode.noGrad(() -> forward.apply(batch[0].to(device))).argmax(1)
          .eq(batch[1].to(device)).sum().item();
    }
    return (double) correct / test.size();
  }
}
