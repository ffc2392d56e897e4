package dev.kiln.nn;

import dev.kiln.ShapeContract;
import dev.kiln.backend.RnnSpec.Mode;
import dev.kiln.tensor.Tensor;

/**
 * A multi-layer gated recurrent unit, as {@code torch.nn.GRU}: per layer and step, {@code r =
 * sigmoid(W_ir x + b_ir + W_hr h + b_hr)}, {@code z} likewise, {@code n = tanh(W_in x + b_in + r *
 * (W_hn h + b_hn))}, {@code h' = (1 - z) * n + z * h}; gate blocks in the order {@code r, z, n}
 * (G = 3). Shapes, parameters and options: {@link RnnBase}.
 *
 * <pre>{@code
 * GRU gru = new GRU(10, 20).bidirectional(true);
 * RnnOutput r = gru.apply(x, h0);          // x (T, B, 10), h0 (2, B, 20): output (T, B, 40)
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
public final class GRU extends RnnBase<GRU> {
  /** {@code GRU(inputSize, hiddenSize)}: one layer. */
  public GRU(int inputSize, int hiddenSize) {
    this(inputSize, hiddenSize, 1);
  }

  /** {@code GRU(inputSize, hiddenSize, numLayers)}, as {@code nn.GRU(10, 20, 2)}. */
  public GRU(int inputSize, int hiddenSize, int numLayers) {
    super(Mode.GRU, inputSize, hiddenSize, numLayers);
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
