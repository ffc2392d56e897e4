package dev.kiln.spark;

import dev.kiln.nn.Module;
import dev.kiln.tensor.Tensor;
import java.io.Serializable;

/**
 * How an executor builds and calls a compiled model: a factory ({@code MnistClassifier::create})
 * and its forward ({@code MnistClassifier::forward}), both serializable so that Spark ships them
 * to the tasks (a method reference is serializable when its target type is).
 *
 * @param <M> the compiled model's type
 */
public record ModelSpec<M extends Module>(Factory<M> factory, Forward<M> forward)
    implements Serializable {
  private static final long serialVersionUID = 1L;

  /** Creates a fresh model; called on executors, once per concurrently running task. */
  @FunctionalInterface
  public interface Factory<M extends Module> extends Serializable {
    M create();
  }

  /** Runs the model's forward on a batch. */
  @FunctionalInterface
  public interface Forward<M extends Module> extends Serializable {
    Tensor apply(M model, Tensor input);
  }
}
