package dev.kiln.examples.text;

import dev.kiln.examples.mnist.ProgressBar;
import dev.kiln.examples.plot.TrainingPlot;
import dev.kiln.io.SafeTensors;
import dev.kiln.loss.CrossEntropyLoss;
import dev.kiln.nn.Module;
import dev.kiln.nn.Rng;
import dev.kiln.optim.AdamW;
import dev.kiln.tensor.Device;
import dev.kiln.tensor.Tensor;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The text flagship's loop: {@code Rng.manualSeed(seed)}, the model, AdamW (lr as the options,
 * PyTorch's defaults otherwise: weight decay 0.01), {@code CrossEntropyLoss} over every position
 * of {@code stepsPerEpoch} batches an epoch, drawn by {@link CharBatches} from
 * {@code SplitMix64(seed)}; after each epoch the validation loss and bits per character
 * ({@link CharEval}); at the end the weights, a curves image and a sampled paragraph.
 */
public final class TextTraining {
  private TextTraining() {}

  /** Per epoch: mean training loss, validation loss and bpc; the sample and the files. */
  public record Result(List<Double> trainLosses, List<Double> valLosses, List<Double> valBpc,
      String sample, Path weights, Path plot) {}

  public static Result run(TextRecipe recipe, TextOptions o, CharCorpus corpus, PrintStream out)
      throws IOException {
    Rng.manualSeed(o.seed());
    CharModel model = recipe.create().apply(corpus.vocabSize());
    Module m = model.module();
    Device device = Device.configured();
    m.to(device);
    out.println(m);
    out.println("device: " + device);
    out.printf(Locale.ROOT, "parameters: %,d%n", m.numParameters());
    out.println("data: " + corpus.description());
    out.printf(Locale.ROOT, "recipe: %s, %d epochs of %d steps, batch %d x %d characters, AdamW"
        + " lr %s, seed %d%n", recipe.name(), o.epochs(), o.stepsPerEpoch(), o.batchSize(),
        o.context(), o.lr(), o.seed());
    SplitMix64 batches = new SplitMix64(o.seed());
    int[][] valWindows = CharBatches.validation(corpus.val(), o.context(), CharEval.WINDOWS);
    CrossEntropyLoss lossFn = new CrossEntropyLoss();
    AdamW optimizer = new AdamW(m.parameters(), o.lr());
    int v = corpus.vocabSize();
    List<Double> trainLosses = new ArrayList<>();
    List<Double> valLosses = new ArrayList<>();
    List<Double> valBpc = new ArrayList<>();
    for (int epoch = 1; epoch <= o.epochs(); epoch++) {
      m.train();
      long start = System.nanoTime();
      ProgressBar bar = new ProgressBar(out, "epoch " + epoch + "/" + o.epochs(),
          o.stepsPerEpoch());
      double sum = 0;
      for (int step = 1; step <= o.stepsPerEpoch(); step++) {
        Tensor[] xy = CharBatches.next(batches, corpus.train(), o.batchSize(), o.context(),
            device);
        Tensor logits = model.forward(xy[0]);
        Tensor loss = lossFn.apply(logits.reshape(-1, v), xy[1].reshape(-1));
        optimizer.zeroGrad();
        loss.backward();
        optimizer.step();
        sum += loss.item();
        bar.update(step, sum / step, (long) step * o.batchSize());
      }
      double seconds = (System.nanoTime() - start) / 1e9;
      CharEval.Result r = CharEval.evaluate(model, valWindows, CharEval.BATCH, device);
      trainLosses.add(sum / o.stepsPerEpoch());
      valLosses.add(r.loss());
      valBpc.add(r.bpc());
      out.printf(Locale.ROOT, "epoch %d/%d: train loss %.4f, validation loss %.4f, %.4f bits per"
          + " character (%.0f s training)%n", epoch, o.epochs(), sum / o.stepsPerEpoch(),
          r.loss(), r.bpc(), seconds);
    }
    Files.createDirectories(o.out());
    Path weights = o.out().resolve(recipe.weights());
    SafeTensors.save(m.stateDict(), weights);
    Path plot = o.out().resolve(recipe.plot());
    TrainingPlot.write(plot, List.of(
        new TrainingPlot.Panel("training loss (mean per epoch)", "loss (nats)", trainLosses,
            TrainingPlot.LOSS),
        new TrainingPlot.Panel("validation bits per character", "bits per character", valBpc,
            TrainingPlot.ACCURACY)));
    out.println("weights: " + weights.toAbsolutePath());
    out.println("curves: " + plot.toAbsolutePath());
    String sample = CharSampler.sample(model, corpus, o.prompt(), o.sampleLength(), o.context(),
        o.temperature(), o.seed(), device);
    out.printf(Locale.ROOT, "sample (temperature %s, seed %d):%n%s%s%n", o.temperature(),
        o.seed(), o.prompt(), sample);
    return new Result(trainLosses, valLosses, valBpc, sample, weights, plot);
  }
}
