package dev.kiln.tensor;

import java.util.Arrays;
import java.util.Collections;
import java.util.List;

/** The backward of one recorded op: maps the output's gradient to its inputs' gradients. */
public abstract class GradFn {
  private final Tensor[] inputs;
  private final List<Tensor> view;

  protected GradFn(Tensor... inputs) {
    this.inputs = inputs.clone();
    this.view = Collections.unmodifiableList(Arrays.asList(this.inputs));
  }

  /** The op's tensor inputs, in order. */
  public final List<Tensor> inputs() {
    return view;
  }

  /** Replaces input {@code i}, for a node that is reused by the next call of its op. */
  protected final void setInput(int i, Tensor input) {
    inputs[i] = input;
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
