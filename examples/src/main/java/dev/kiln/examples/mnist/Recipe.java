package dev.kiln.examples.mnist;

import dev.kiln.examples.FashionCnn;
import dev.kiln.examples.MnistClassifier;
import dev.kiln.nn.Module;
import dev.kiln.optim.Adam;
import dev.kiln.optim.Optimizer;
import dev.kiln.optim.Sgd;
import dev.kiln.tensor.Tensor;
import java.nio.file.Path;
import java.util.function.BiFunction;
import java.util.function.Supplier;

/**
 * What a flagship trains: the model, how to call it, its optimizer, the files it writes and its
 * default options. {@link #MLP} is the tutorial's classifier; the CNN flagship has its own.
 */
public record Recipe<M extends Module>(String name, Supplier<M> create,
    BiFunction<M, Tensor, Tensor> forward, BiFunction<M, Float, Optimizer> optimizer,
    String weights, String plot, Options defaults) {

  /** The tutorial's MLP with SGD, lr 0.1, 5 epochs of batch 64. */
  public static final Recipe<MnistClassifier> MLP = new Recipe<>("mlp", MnistClassifier::create,
      MnistClassifier::forward, (m, lr) -> new Sgd(m.parameters(), lr),
      "mnist-classifier.safetensors", "mnist-curves.png", Options.defaults());

  /** The CNN flagship: {@link FashionCnn} with Adam, lr 1e-3, 5 epochs of batch 64. */
  public static final Recipe<FashionCnn> CNN = new Recipe<>("cnn", FashionCnn::create,
      FashionCnn::forward, (m, lr) -> new Adam(m.parameters(), lr), "fashion-cnn.safetensors",
      "fashion-cnn-curves.png", new Options(null, 5, 64, 1e-3f, Path.of("kiln-output"), 0));

  /** {@code model.forward(x)}. */
  public Tensor apply(M model, Tensor x) {
    return forward.apply(model, x);
  }
}
