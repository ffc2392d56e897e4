package dev.kiln.nn;

import dev.kiln.backend.Kernels;
import dev.kiln.backend.RnnSpec;
import dev.kiln.backend.RnnSpec.Mode;
import dev.kiln.tensor.Device;
import dev.kiln.tensor.Shapes;
import dev.kiln.tensor.Tensor;

/**
 * What {@link RNN}, {@link LSTM} and {@link GRU} share, as PyTorch's {@code RNNBase}: the options
 * ({@code numLayers}, {@code bias}, {@code batchFirst}, {@code dropout}, {@code bidirectional}),
 * the parameters {@code weight_ih_l{k}} {@code (G*H, in)}, {@code weight_hh_l{k}} {@code (G*H,
 * H)}, {@code bias_ih_l{k}}, {@code bias_hh_l{k}} {@code (G*H)} (suffix {@code _reverse} for the
 * second direction; {@code in} is {@code inputSize} for layer 0, {@code D*H} after), all
 * initialised from {@code U(-1/sqrt(H), 1/sqrt(H))}, and the forward and backward: one {@link
 * Kernels#rnnLayer} call per layer and direction, with dropout between layers in training (masks
 * drawn as {@link Dropout}'s, kept in the {@link Workspace}).
 *
 * <p>Inputs: {@code input (T, B, inputSize)} ({@code (B, T, inputSize)} with {@code batchFirst},
 * or unbatched {@code (T, inputSize)}), optional {@code h0} (and the LSTM's {@code c0}) {@code
 * (D*numLayers, B, H)} ({@code (D*numLayers, H)} unbatched), zeros when absent. Outputs: {@code
 * output (T, B, D*H)} in the input's layout, {@code hN} (and {@code cN}) as {@code h0}.
 */
public abstract class RnnBase<M extends RnnBase<M>> extends MultiModule {
  private static final int SLOTS_PER_LAYER = 8;
  private static final int RAW = 2;
  private static final int MASK = 3;
  private static final int DROPPED = 4;
  private static final int D_IN = 5;
  private static final int D_RAW = 6;
  private static final int SCRATCH = 7;

  private Mode mode;
  private final int inputSize;
  private final int hiddenSize;
  private int numLayers;
  private boolean bias = true;
  private boolean batchFirst;
  private float dropout;
  private boolean bidirectional;
  private Parameter[] weights = new Parameter[0];
  private RnnSpec spec;

  RnnBase(Mode mode, int inputSize, int hiddenSize, int numLayers) {
    if (inputSize <= 0 || hiddenSize <= 0) {
      throw new IllegalArgumentException(getClass().getSimpleName() + "(" + inputSize + ", "
          + hiddenSize + "): input_size and hidden_size must be greater than zero");
    }
    this.mode = mode;
    this.inputSize = inputSize;
    this.hiddenSize = hiddenSize;
    numLayers(numLayers);
  }

  @SuppressWarnings("unchecked")
  private M self() {
    return (M) this;
  }

  /** Stacked layers (default 1); re-creates the parameters. */
  public M numLayers(int numLayers) {
    if (numLayers < 1) {
      throw new IllegalArgumentException("num_layers must be at least 1, got " + numLayers);
    }
    this.numLayers = numLayers;
    rebuild();
    return self();
  }

  /** Whether the layer has {@code bias_ih}/{@code bias_hh} (default true); re-creates them. */
  public M bias(boolean bias) {
    this.bias = bias;
    rebuild();
    return self();
  }

  /** Input and output as {@code (B, T, *)} instead of {@code (T, B, *)} (default false). */
  public M batchFirst(boolean batchFirst) {
    this.batchFirst = batchFirst;
    rebuild();
    return self();
  }

  /** Dropout probability on each layer's output but the last, in training (default 0). */
  public M dropout(float p) {
    if (!(p >= 0 && p <= 1)) {
      throw new IllegalArgumentException("dropout should be a number in range [0, 1] "
          + "representing the probability of an element being zeroed, got " + p);
    }
    this.dropout = p;
    return self();
  }

  /** Run a second direction from the end of the sequence (default false); re-creates them. */
  public M bidirectional(boolean bidirectional) {
    this.bidirectional = bidirectional;
    rebuild();
    return self();
  }

  /** Switches the RNN's nonlinearity; parameters stay. */
  void mode(Mode mode) {
    this.mode = mode;
    rebuild(false);
  }

  public int inputSize() {
    return inputSize;
  }

  public int hiddenSize() {
    return hiddenSize;
  }

  public int numLayers() {
    return numLayers;
  }

  public boolean batchFirst() {
    return batchFirst;
  }

  public boolean bidirectional() {
    return bidirectional;
  }

  public float dropout() {
    return dropout;
  }

  /** The cell. */
  Mode mode() {
    return mode;
  }

  /**
   * Parameter {@code 0..3} ({@code weight_ih}, {@code weight_hh}, {@code bias_ih}, {@code
   * bias_hh}; the biases null with {@code bias(false)}) of layer {@code layer}, direction {@code
   * dir}.
   */
  public Parameter parameter(int layer, int dir, int which) {
    return weights[(layer * spec.directions() + dir) * 4 + which];
  }

  private void rebuild() {
    rebuild(true);
  }

  private void rebuild(boolean parameters) {
    spec = new RnnSpec(mode, hiddenSize, numLayers, bidirectional, batchFirst, bias);
    if (!parameters || (weights.length == numLayers * spec.directions() * 4
        && (weights.length == 0 || (weights[2] != null) == bias))) {
      return;
    }
    Device device = weights.length > 0 ? weights[0].device() : Device.cpu();
    for (Parameter p : weights) {
      if (p != null) {
        unregisterParameter(nameOf(p));
      }
    }
    int d = spec.directions();
    int gh = spec.gateWidth();
    weights = new Parameter[numLayers * d * 4];
    double bound = 1 / Math.sqrt(hiddenSize);
    for (int l = 0; l < numLayers; l++) {
      for (int dir = 0; dir < d; dir++) {
        String suffix = "_l" + l + (dir == 1 ? "_reverse" : "");
        int in = l == 0 ? inputSize : d * hiddenSize;
        int at = (l * d + dir) * 4;
        weights[at] = param("weight_ih" + suffix, device, bound, gh, in);
        weights[at + 1] = param("weight_hh" + suffix, device, bound, gh, hiddenSize);
        if (bias) {
          weights[at + 2] = param("bias_ih" + suffix, device, bound, gh);
          weights[at + 3] = param("bias_hh" + suffix, device, bound, gh);
        }
      }
    }
  }

  private String nameOf(Parameter p) {
    for (var e : namedParameters().entrySet()) {
      if (e.getValue() == p) {
        return e.getKey();
      }
    }
    throw new IllegalStateException("unregistered parameter");
  }

  private Parameter param(String name, Device device, double bound, int... shape) {
    float[] v = new float[Shapes.numel(shape)];
    Rng.uniform(v, bound);
    Parameter p = new Parameter(device, shape);
    device.kernels().copy(Tensor.of(v, shape).to(device), p);
    return registerParameter(name, p);
  }

  // --- shapes ---

  /** {@code in[0]} the input, {@code in[1]} h0, {@code in[2]} c0 (LSTM); nulls absent. */
  @Override
  public int[][] outputShapes(int[][] in) {
    int[] x = in[0];
    if (x.length != 2 && x.length != 3) {
      throw new IllegalArgumentException(typeName() + ": Expected input to be 2-D or 3-D but"
          + " received " + x.length + "-D tensor");
    }
    if (x[x.length - 1] != inputSize) {
      throw new IllegalArgumentException("input.size(-1) must be equal to input_size. Expected "
          + inputSize + ", got " + x[x.length - 1]);
    }
    boolean batched = x.length == 3;
    int b = batched ? x[batchFirst ? 0 : 1] : 1;
    int d = spec.directions();
    int[] state = batched ? new int[] {d * numLayers, b, hiddenSize}
        : new int[] {d * numLayers, hiddenSize};
    boolean lstm = mode == Mode.LSTM;
    for (int i = 1; i < in.length && i < (lstm ? 3 : 2); i++) {
      int[] h = in[i];
      if (h == null) {
        continue;
      }
      if (h.length != state.length) {
        throw new IllegalArgumentException(batched
            ? "For batched 3-D input, hx" + (lstm ? " and cx" : "") + " should also be 3-D but"
                + " got " + h.length + "-D tensor"
            : "For unbatched 2-D input, hx" + (lstm ? " and cx" : "") + " should also be 2-D"
                + " but got " + h.length + "-D tensor");
      }
      if (!java.util.Arrays.equals(h, state)) {
        throw new IllegalArgumentException("Expected hidden" + (lstm ? "[" + (i - 1) + "]" : "")
            + " size " + Shapes.toString(state) + ", got " + java.util.Arrays.toString(h));
      }
    }
    int[] y = x.clone();
    y[y.length - 1] = d * hiddenSize;
    return lstm ? new int[][] {y, state, state.clone()} : new int[][] {y, state};
  }

  // --- forward and backward ---

  private boolean dropping() {
    return isTraining() && dropout > 0 && numLayers > 1;
  }

  @Override
  public void forwardInto(Tensor[] in, Tensor[] out, Workspace ws) {
    Tensor x = in[0];
    Tensor h0 = in.length > 1 ? in[1] : null;
    Tensor c0 = in.length > 2 ? in[2] : null;
    Tensor cN = out.length > 2 ? out[2] : null;
    Kernels k = x.device().kernels();
    int d = spec.directions();
    boolean drop = dropping();
    Tensor layerIn = x;
    for (int l = 0; l < numLayers; l++) {
      Tensor layerOut = l == numLayers - 1 ? out[0] : like(ws, slot(l, RAW), out[0]);
      for (int dir = 0; dir < d; dir++) {
        Tensor state = floats(ws, slot(l, dir), x.device(),
            spec.stateFloats(spec.time(x), spec.batch(x)));
        k.rnnLayer(spec, l, dir, layerIn, parameter(l, dir, 0), parameter(l, dir, 1),
            parameter(l, dir, 2), parameter(l, dir, 3), h0, c0, layerOut, out[1], cN, state);
      }
      if (drop && l < numLayers - 1) {
        Tensor mask = like(ws, slot(l, MASK), layerOut);
        k.dropoutMask(mask, Rng.nextLong(), dropout, dropout == 1 ? 0f : 1f / (1f - dropout));
        Tensor dropped = like(ws, slot(l, DROPPED), layerOut);
        k.dropout(layerOut, mask, dropped);
        layerIn = dropped;
      } else {
        layerIn = layerOut;
      }
    }
  }

  @Override
  public void backwardInto(Tensor[] in, Tensor[] out, Tensor[] dOut, Tensor[] dIn,
      Workspace ws) {
    Tensor x = in[0];
    Kernels k = x.device().kernels();
    int d = spec.directions();
    boolean drop = dropping();
    Tensor dcN = dOut.length > 2 ? dOut[2] : null;
    Tensor dh0 = dIn.length > 1 ? dIn[1] : null;
    Tensor dc0 = dIn.length > 2 ? dIn[2] : null;
    Tensor dLayerOut = dOut[0];
    Tensor scratch = floats(ws, SCRATCH, x.device(), spec.scratchFloats(spec.time(x),
        spec.batch(x), spec.separateRecurrentGrad(x)));
    for (int l = numLayers - 1; l >= 0; l--) {
      Tensor layerIn = l == 0 ? x : ws.peek(slot(l - 1, drop ? DROPPED : RAW));
      Tensor dLayerIn = l == 0 ? dIn[0] : like(ws, slot(l - 1, D_IN), layerIn);
      if (l > 0) {
        k.fill(dLayerIn, 0f);
      }
      for (int dir = 0; dir < d; dir++) {
        Parameter wIh = parameter(l, dir, 0);
        Parameter wHh = parameter(l, dir, 1);
        Parameter bIh = parameter(l, dir, 2);
        Parameter bHh = parameter(l, dir, 3);
        k.rnnLayerBackward(spec, l, dir, layerIn, wIh, wHh, ws.peek(slot(l, dir)), dLayerOut,
            dOut[1], dcN, dLayerIn, dh0, dc0, gradOf(wIh), gradOf(wHh),
            bIh == null ? null : gradOf(bIh), bHh == null ? null : gradOf(bHh), scratch);
      }
      if (l > 0 && drop) {
        dLayerOut = like(ws, slot(l - 1, D_RAW), layerIn);
        k.fill(dLayerOut, 0f);
        k.dropoutBackward(dLayerIn, ws.peek(slot(l - 1, MASK)), dLayerOut);
      } else {
        dLayerOut = dLayerIn;
      }
    }
  }

  private static int slot(int layer, int which) {
    return layer * SLOTS_PER_LAYER + which;
  }

  /** The workspace tensor of {@code slot} shaped as {@code t}, allocating only on a change. */
  private static Tensor like(Workspace ws, int slot, Tensor t) {
    Tensor w = ws.peek(slot);
    return w != null && w.device() == t.device() && w.sameShape(t) ? w
        : ws.get(slot, t.device(), t.shape());
  }

  /** A flat workspace tensor of {@code n} floats, allocating only on a change. */
  private static Tensor floats(Workspace ws, int slot, Device device, int n) {
    Tensor w = ws.peek(slot);
    return w != null && w.device() == device && w.numel() == n ? w : ws.get(slot, device, n);
  }

  private static Tensor gradOf(Parameter p) {
    if (p == null || !p.requiresGrad()) {
      return null;
    }
    if (p.grad() == null) {
      p.setGrad(Tensor.zerosLike(p));
    }
    return p.grad();
  }

  @Override
  protected String extraRepr() {
    StringBuilder s = new StringBuilder().append(inputSize).append(", ").append(hiddenSize);
    if (numLayers != 1) {
      s.append(", num_layers=").append(numLayers);
    }
    if (!bias) {
      s.append(", bias=False");
    }
    if (batchFirst) {
      s.append(", batch_first=True");
    }
    if (dropout != 0) {
      s.append(", dropout=").append(PyRepr.floatRepr(dropout));
    }
    if (bidirectional) {
      s.append(", bidirectional=True");
    }
    return s.toString();
  }
}
