package dev.kiln.examples;

import dev.kiln.nn.Module;
import dev.kiln.nn.Parameter;
import dev.kiln.nn.Rng;
import dev.kiln.tensor.Shapes;
import dev.kiln.tensor.Tensor;

/**
 * A tour of the compiled models: builds the seeds' models, prints them as PyTorch does with
 * their parameter counts, and runs one compiled forward and backward pass.
 */
public final class ModelTour {
  private ModelTour() {}

  public static void main(String[] args) {
    Rng.manualSeed(0);
    SkipMlp skip = SkipMlp.create();
    for (Module m : new Module[] {skip, MnistClassifier.create(), SineNet.create(64)}) {
      System.out.println(m);
      System.out.printf("parameters: %,d%n%n", count(m));
    }
    Tensor x = Tensor.of(new float[] {0.5f, -1f, 2f, 1f, 0f, -0.5f}, 2, 3).requiresGrad(true);
    Tensor y = skip.forward(x);
    System.out.println("SkipMlp.forward(x) = " + y);
    y.sum().backward();
    System.out.println("d sum(y) / dx = " + x.grad());
    System.out.println("fc1.weight.grad() has shape "
        + Shapes.toString(skip.namedParameters().get("fc1.weight").grad().shape()));
  }

  private static int count(Module m) {
    return m.parameters().stream().mapToInt(Parameter::numel).sum();
  }
}
