package dev.kiln.nn;

import dev.kiln.ShapeContract;
import dev.kiln.backend.RnnSpec.Mode;
import dev.kiln.tensor.Tensor;

/**
 * A multi-layer long short-term memory, as {@code torch.nn.LSTM}: per layer and step, {@code i =
 * sigmoid(W_ii x + b_ii + W_hi h + b_hi)}, {@code f}, {@code o} likewise, {@code g = tanh(W_ig x +
 * b_ig + W_hg h + b_hg)}, {@code c' = f * c + i * g}, {@code h' = o * tanh(c')}; gate blocks of
 * the weights in the order {@code i, f, g, o} (G = 4). Shapes, parameters and options: {@link
 * RnnBase}; {@code h0}, {@code c0}, {@code hN}, {@code cN} are {@code (D*numLayers, B, H)}.
 *
 * <pre>{@code
 * LSTM lstm = new LSTM(10, 20, 2).batchFirst(true);
 * LstmOutput r = lstm.apply(x);   // x (B, T, 10): output (B, T, 20), hN and cN (2, B, 20)
 * }</pre>
 */
@ShapeContract(args = {"inputSize", "hiddenSize", "numLayers=1"},
    when = "batchFirst=true & bidirectional=true",
    inputs = {
        "input: B, T, inputSize",
        "h0?: 2*numLayers, B, hiddenSize",
        "c0?: 2*numLayers, B, hiddenSize"},
    outputs = {
        "output: B, T, 2*hiddenSize",
        "hN: 2*numLayers, B, hiddenSize",
        "cN: 2*numLayers, B, hiddenSize"})
@ShapeContract(args = {"inputSize", "hiddenSize", "numLayers=1"},
    when = "bidirectional=true",
    inputs = {
        "input: T, B, inputSize",
        "h0?: 2*numLayers, B, hiddenSize",
        "c0?: 2*numLayers, B, hiddenSize"},
    outputs = {
        "output: T, B, 2*hiddenSize",
        "hN: 2*numLayers, B, hiddenSize",
        "cN: 2*numLayers, B, hiddenSize"})
@ShapeContract(args = {"inputSize", "hiddenSize", "numLayers=1"},
    when = "batchFirst=true",
    inputs = {
        "input: B, T, inputSize",
        "h0?: numLayers, B, hiddenSize",
        "c0?: numLayers, B, hiddenSize"},
    outputs = {
        "output: B, T, hiddenSize",
        "hN: numLayers, B, hiddenSize",
        "cN: numLayers, B, hiddenSize"})
@ShapeContract(args = {"inputSize", "hiddenSize", "numLayers=1"},
    inputs = {
        "input: T, B, inputSize",
        "h0?: numLayers, B, hiddenSize",
        "c0?: numLayers, B, hiddenSize"},
    outputs = {
        "output: T, B, hiddenSize",
        "hN: numLayers, B, hiddenSize",
        "cN: numLayers, B, hiddenSize"})
public final class LSTM extends RnnBase<LSTM> {
  /** {@code LSTM(inputSize, hiddenSize)}: one layer. */
  public LSTM(int inputSize, int hiddenSize) {
    this(inputSize, hiddenSize, 1);
  }

  /** {@code LSTM(inputSize, hiddenSize, numLayers)}, as {@code nn.LSTM(10, 20, 2)}. */
  public LSTM(int inputSize, int hiddenSize, int numLayers) {
    super(Mode.LSTM, inputSize, hiddenSize, numLayers);
  }

  /** Runs the layer from zero initial states. */
  public LstmOutput apply(Tensor input) {
    return apply(input, null, null);
  }

  /** Runs the layer from {@code h0} and {@code c0} (either null: zeros). */
  public LstmOutput apply(Tensor input, Tensor h0, Tensor c0) {
    Tensor[] r = applyAll(input, h0, c0);
    return new LstmOutput(r[0], r[1], r[2]);
  }
}
