package dev.kiln.nn;

import dev.kiln.ShapeContract;
import dev.kiln.backend.RnnSpec.Mode;
import dev.kiln.tensor.Tensor;

/**
 * A multi-layer Elman recurrent network, as {@code torch.nn.RNN}: per layer and step {@code h' =
 * act(W_ih x + b_ih + W_hh h + b_hh)} with {@code act} tanh (default) or ReLU ({@code
 * nonlinearity("relu")}), G = 1. Shapes, parameters and options: {@link RnnBase}.
 *
 * <pre>{@code
 * RNN rnn = new RNN(10, 20).nonlinearity("relu");
 * RnnOutput r = rnn.apply(x);              // x (T, B, 10): output (T, B, 20), hN (1, B, 20)
 * }</pre>
 */
@ShapeContract(args = {"inputSize", "hiddenSize", "numLayers=1"},
    when = "batchFirst=true & bidirectional=true",
    inputs = {
        "input: B, T, inputSize",
        "h0?: 2*numLayers, B, hiddenSize"},
    outputs = {
        "output: B, T, 2*hiddenSize",
        "hN: 2*numLayers, B, hiddenSize"})
@ShapeContract(args = {"inputSize", "hiddenSize", "numLayers=1"},
    when = "bidirectional=true",
    inputs = {
        "input: T, B, inputSize",
        "h0?: 2*numLayers, B, hiddenSize"},
    outputs = {
        "output: T, B, 2*hiddenSize",
        "hN: 2*numLayers, B, hiddenSize"})
@ShapeContract(args = {"inputSize", "hiddenSize", "numLayers=1"},
    when = "batchFirst=true",
    inputs = {
        "input: B, T, inputSize",
        "h0?: numLayers, B, hiddenSize"},
    outputs = {
        "output: B, T, hiddenSize",
        "hN: numLayers, B, hiddenSize"})
@ShapeContract(args = {"inputSize", "hiddenSize", "numLayers=1"},
    inputs = {
        "input: T, B, inputSize",
        "h0?: numLayers, B, hiddenSize"},
    outputs = {
        "output: T, B, hiddenSize",
        "hN: numLayers, B, hiddenSize"})
public final class RNN extends RnnBase<RNN> {
  /** {@code RNN(inputSize, hiddenSize)}: one layer. */
  public RNN(int inputSize, int hiddenSize) {
    this(inputSize, hiddenSize, 1);
  }

  /** {@code RNN(inputSize, hiddenSize, numLayers)}, as {@code nn.RNN(10, 20, 2)}. */
  public RNN(int inputSize, int hiddenSize, int numLayers) {
    super(Mode.RNN_TANH, inputSize, hiddenSize, numLayers);
  }

  /** {@code "tanh"} (default) or {@code "relu"}. */
  public RNN nonlinearity(String nonlinearity) {
    switch (nonlinearity) {
      case "tanh" -> mode(Mode.RNN_TANH);
      case "relu" -> mode(Mode.RNN_RELU);
      default -> throw new IllegalArgumentException(
          "Unknown nonlinearity '" + nonlinearity + "'");
    }
    return this;
  }

  /** The nonlinearity, {@code "tanh"} or {@code "relu"}. */
  public String nonlinearity() {
    return mode() == Mode.RNN_RELU ? "relu" : "tanh";
  }

  /** Runs the layer from a zero initial state. */
  public RnnOutput apply(Tensor input) {
    return apply(input, null);
  }

  /** Runs the layer from {@code h0} (null: zeros). */
  public RnnOutput apply(Tensor input, Tensor h0) {
    Tensor[] r = applyAll(input, h0);
    return new RnnOutput(r[0], r[1]);
  }
}
