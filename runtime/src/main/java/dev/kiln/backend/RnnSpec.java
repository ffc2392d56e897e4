package dev.kiln.backend;

import dev.kiln.tensor.Tensor;

/**
 * A recurrent layer as the {@link Kernels} read it: the cell, the hidden size, the number of
 * layers and directions, the input layout and whether there are biases. One kernel call runs one
 * direction of one layer over the whole sequence; its {@code x} and {@code y} are {@code (T, B,
 * *)}, {@code (B, T, *)} when {@code batchFirst}, or unbatched {@code (T, *)} (B = 1, the layout
 * flag ignored). Gate blocks are PyTorch's: LSTM {@code i, f, g, o}, GRU {@code r, z, n}.
 *
 * <p>The {@code state} tensor (one per layer and direction, {@link #stateFloats} floats) holds
 * what the forward keeps for the backward, at the offsets below, rows indexed by time: the
 * activated gates ({@code (rows, G*H)}, rows in x's order), the hidden states {@code (T + 1, B,
 * H)} time-major (the initial state first, or last for the reverse direction, so that the states
 * each step reads are contiguous), for the LSTM the cell states likewise and {@code tanh(c_t)}
 * {@code (T, B, H)}, for the GRU {@code W_hn h + b_hn} {@code (T, B, H)}, then a step's
 * recurrent product {@code (B, G*H)} and the two folded bias rows {@code (G*H)}. The backward's
 * {@code scratch} ({@link #scratchFloats}) is not kept between calls.
 */
public record RnnSpec(Mode mode, int hidden, int layers, boolean bidirectional,
    boolean batchFirst, boolean bias) {

  /** The cell: Elman RNN with tanh or ReLU, LSTM, GRU. */
  public enum Mode {
    RNN_TANH(1), RNN_RELU(1), LSTM(4), GRU(3);

    private final int gates;

    Mode(int gates) {
      this.gates = gates;
    }

    /** The number of gate blocks of {@code hidden} rows in {@code weight_ih}. */
    public int gates() {
      return gates;
    }
  }

  /** 2 when bidirectional, else 1. */
  public int directions() {
    return bidirectional ? 2 : 1;
  }

  /** Rows of the weight matrices: {@code G * hidden}. */
  public int gateWidth() {
    return mode.gates * hidden;
  }

  /** Whether {@code x} (an input or output of one layer) is laid out batch first. */
  public boolean batchFirst(Tensor x) {
    return batchFirst && x.dim() == 3;
  }

  /** The sequence length of a layer input or output {@code x}. */
  public int time(Tensor x) {
    return x.dim() == 2 || !batchFirst ? x.size(0) : x.size(1);
  }

  /** The batch size of a layer input or output {@code x} (1 when unbatched). */
  public int batch(Tensor x) {
    return x.dim() == 2 ? 1 : batchFirst ? x.size(0) : x.size(1);
  }

  /** Offset of the hidden states {@code (T + 1, B, H)} in the state. */
  public long hiddenOffset(int t, int b) {
    return (long) t * b * gateWidth();
  }

  /** Offset of the LSTM's cell states {@code (T + 1, B, H)}. */
  public long cellOffset(int t, int b) {
    return hiddenOffset(t, b) + (long) (t + 1) * b * hidden;
  }

  /** Offset of {@code tanh(c_t)} (LSTM) or {@code W_hn h + b_hn} (GRU), {@code (T, B, H)}. */
  public long extraOffset(int t, int b) {
    return cellOffset(t, b) + (mode == Mode.LSTM ? (long) (t + 1) * b * hidden : 0);
  }

  /** Offset of one step's recurrent product {@code (B, G*H)}. */
  public long stepOffset(int t, int b) {
    return extraOffset(t, b)
        + (mode == Mode.LSTM || mode == Mode.GRU ? (long) t * b * hidden : 0);
  }

  /** Offset of the two folded bias rows: input projection's, then recurrent product's. */
  public long biasOffset(int t, int b) {
    return stepOffset(t, b) + (long) b * gateWidth();
  }

  /** Floats of one layer-direction's state for a sequence of {@code t} steps of batch {@code b}. */
  public int stateFloats(int t, int b) {
    return checked(biasOffset(t, b) + 2L * gateWidth());
  }

  /** Whether the backward keeps the recurrent pre-activation gradients apart from the input's. */
  public boolean separateRecurrentGrad(Tensor x) {
    return mode == Mode.GRU || batchFirst(x);
  }

  /**
   * Floats of the backward's scratch: the input pre-activation gradients {@code (rows, G*H)},
   * the recurrent ones time-major when they differ ({@link #separateRecurrentGrad}), and three
   * {@code (B, H)} step buffers.
   */
  public int scratchFloats(int t, int b, boolean separate) {
    long rows = (long) t * b * gateWidth();
    return checked(rows * (separate ? 2 : 1) + 3L * b * hidden);
  }

  private static int checked(long floats) {
    if (floats > Integer.MAX_VALUE) {
      throw new IllegalArgumentException("recurrent state of " + floats + " floats is too large");
    }
    return (int) floats;
  }
}
