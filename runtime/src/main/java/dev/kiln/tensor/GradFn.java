package dev.kiln.tensor;

import java.util.List;

/** The backward of one recorded op: maps the output's gradient to its inputs' gradients. */
public abstract class GradFn {
  private final List<Tensor> inputs;

  protected GradFn(Tensor... inputs) {
    this.inputs = List.of(inputs);
  }

  /** The op's tensor inputs, in order. */
  public final List<Tensor> inputs() {
    return inputs;
  }

  /**
   * The gradients of the inputs, one per input in order; an entry is {@code null} where that
   * input does not require grad. The returned tensors may be reused by the op afterwards, so
   * the engine copies what it keeps.
   */
  public abstract Tensor[] backward(Tensor dOut);

  /** PyTorch-style name, e.g. {@code AddBackward}. */
  public abstract String name();
}
