package dev.kiln.nn;

import dev.kiln.ShapeContract;
import dev.kiln.backend.BinaryOp;
import dev.kiln.backend.Kernels;
import dev.kiln.tensor.Device;
import dev.kiln.tensor.Tensor;

/**
 * A transformer encoder block, as {@code torch.nn.TransformerEncoderLayer(d_model, nhead)}:
 * self-attention then a feed-forward block ({@code linear1 (dimFeedforward, dModel)}, relu or
 * gelu, {@code linear2 (dModel, dimFeedforward)}), each with dropout and a residual connection,
 * LayerNorm after each (or, with {@code normFirst(true)}, before). Input and output {@code (T, B,
 * dModel)} ({@code (B, T, dModel)} with {@code batchFirst(true)}); {@code srcMask (T, T)},
 * {@code srcKeyPaddingMask (B, T)}. Children and keys as PyTorch's: {@code self_attn, linear1,
 * dropout, linear2, norm1, norm2, dropout1, dropout2}. An option that changes a child
 * ({@code dimFeedforward}, {@code dropout}, {@code layerNormEps}) rebuilds every child with
 * fresh initialisation, as the constructor given that argument: set options before training.
 */
@ShapeContract(args = {"dModel", "nhead"}, when = "batchFirst=true",
    inputs = {"src: B, T, dModel", "srcMask?: T, T", "srcKeyPaddingMask?: B, T"},
    outputs = {"output: B, T, dModel"},
    requires = {"dModel % nhead == 0: embed_dim must be divisible by num_heads"})
@ShapeContract(args = {"dModel", "nhead"},
    inputs = {"src: T, B, dModel", "srcMask?: T, T", "srcKeyPaddingMask?: B, T"},
    outputs = {"output: T, B, dModel"},
    requires = {"dModel % nhead == 0: embed_dim must be divisible by num_heads"})
public final class TransformerEncoderLayer extends MultiModule {
  private static final String[] CHILDREN = {"self_attn", "linear1", "dropout", "linear2", "norm1",
      "norm2", "dropout1", "dropout2"};
  private static final int ATT = 0;
  private static final int ATT_D = 1;
  private static final int SUM1 = 2;
  private static final int H1 = 3;
  private static final int FF1 = 4;
  private static final int ACT = 5;
  private static final int ACT_D = 6;
  private static final int FF2 = 7;
  private static final int FF2_D = 8;
  private static final int SUM2 = 9;
  private static final int GRAD = 10; // gradients: GRAD + the forward slot

  private final int dModel;
  private final int nhead;
  private int dimFeedforward = 2048;
  private float dropoutP = 0.1f;
  private String activation = "relu";
  private float layerNormEps = 1e-5f;
  private boolean batchFirst;
  private boolean normFirst;
  private MultiheadAttention selfAttn;
  private Linear linear1;
  private Dropout dropout;
  private Linear linear2;
  private LayerNorm norm1;
  private LayerNorm norm2;
  private Dropout dropout1;
  private Dropout dropout2;

  public TransformerEncoderLayer(int dModel, int nhead) {
    this.dModel = dModel;
    this.nhead = nhead;
    build();
  }

  /** The children, in PyTorch's construction order (and so its initialisation order). */
  private void build() {
    for (String c : CHILDREN) {
      unregister(c);
    }
    selfAttn = registerModule("self_attn", new MultiheadAttention(dModel, nhead)
        .dropout(dropoutP).batchFirst(batchFirst));
    linear1 = registerModule("linear1", new Linear(dModel, dimFeedforward));
    dropout = registerModule("dropout", new Dropout(dropoutP));
    linear2 = registerModule("linear2", new Linear(dimFeedforward, dModel));
    norm1 = registerModule("norm1", new LayerNorm(dModel).eps(layerNormEps));
    norm2 = registerModule("norm2", new LayerNorm(dModel).eps(layerNormEps));
    dropout1 = registerModule("dropout1", new Dropout(dropoutP));
    dropout2 = registerModule("dropout2", new Dropout(dropoutP));
    if (!isTraining()) {
      eval();
    }
  }

  /** The feed-forward width (default 2048); rebuilds the children. */
  public TransformerEncoderLayer dimFeedforward(int value) {
    if (value <= 0) {
      throw new IllegalArgumentException("dim_feedforward must be positive, got " + value);
    }
    dimFeedforward = value;
    build();
    return this;
  }

  /** Dropout probability of every dropout, attention's included (default 0.1); rebuilds. */
  public TransformerEncoderLayer dropout(float p) {
    if (!(p >= 0 && p <= 1)) {
      throw new IllegalArgumentException("dropout must be in [0, 1], got " + p);
    }
    dropoutP = p;
    build();
    return this;
  }

  /** {@code "relu"} (default) or {@code "gelu"} (exact, erf). */
  public TransformerEncoderLayer activation(String name) {
    if (!"relu".equals(name) && !"gelu".equals(name)) {
      throw new IllegalArgumentException("activation should be relu/gelu, not " + name);
    }
    activation = name;
    return this;
  }

  /** The LayerNorms' eps (default 1e-5); rebuilds the children. */
  public TransformerEncoderLayer layerNormEps(float eps) {
    layerNormEps = eps;
    build();
    return this;
  }

  /** {@code (B, T, dModel)} instead of {@code (T, B, dModel)} (default false). */
  public TransformerEncoderLayer batchFirst(boolean on) {
    batchFirst = on;
    selfAttn.batchFirst(on);
    return this;
  }

  /** LayerNorm before attention and feed-forward instead of after (default false). */
  public TransformerEncoderLayer normFirst(boolean on) {
    normFirst = on;
    return this;
  }

  public MultiheadAttention selfAttn() {
    return selfAttn;
  }

  public int dModel() {
    return dModel;
  }

  /** A copy with the same options, parameter values and mode (as PyTorch's deepcopy). */
  public TransformerEncoderLayer copy() {
    TransformerEncoderLayer c = new TransformerEncoderLayer(dModel, nhead)
        .dimFeedforward(dimFeedforward).dropout(dropoutP).activation(activation)
        .layerNormEps(layerNormEps).batchFirst(batchFirst).normFirst(normFirst);
    c.loadStateDict(stateDict());
    if (!isTraining()) {
      c.eval();
    }
    return c;
  }

  public Tensor apply(Tensor src) {
    return apply(src, null, null);
  }

  public Tensor apply(Tensor src, Mask srcMask) {
    return apply(src, srcMask, null);
  }

  /** Runs the layer eagerly, recording its backward. */
  public Tensor apply(Tensor src, Mask srcMask, Mask srcKeyPaddingMask) {
    return applyAll(src, Mask.tensorOf(srcMask), Mask.tensorOf(srcKeyPaddingMask))[0];
  }

  @Override
  protected boolean differentiable(int i) {
    return i == 0;
  }

  @Override
  public int[][] outputShapes(int[][] in) {
    selfAttn.outputShapes(new int[][] {in[0], in[0], in[0], in.length > 1 ? in[1] : null,
        in.length > 2 ? in[2] : null});
    return new int[][] {in[0].clone()};
  }

  private boolean dropping() {
    return isTraining() && dropoutP > 0;
  }

  /**
   * Slot {@code slot}: {@code (rows, width)}, or {@code src}'s own shape when {@code width} is
   * {@code dModel} (the attention reads its layout from it).
   */
  private Tensor slot(Workspace ws, int slot, Tensor src, int width) {
    Device dev = src.device();
    if (width != dModel) {
      return Slots.get(ws, slot, dev, src.numel() / src.size(src.dim() - 1), width);
    }
    return src.dim() == 3 ? Slots.get(ws, slot, dev, src.size(0), src.size(1), src.size(2))
        : Slots.get(ws, slot, dev, src.size(0), src.size(1));
  }

  private void activate(Kernels k, Tensor x, Tensor y) {
    if (activation.equals("gelu")) {
      k.gelu(x, false, y);
    } else {
      k.relu(x, y);
    }
  }

  /** {@code y = dropout(x)} into slot, or x itself when dropout is off. */
  private Tensor drop(Dropout d, Tensor x, Workspace ws, int slot, int child) {
    if (!dropping()) {
      return x;
    }
    Tensor y = slot(ws, slot, x, x.size(x.dim() - 1));
    d.forwardInto(x, y, ws.child(child));
    return y;
  }

  @Override
  public void forwardInto(Tensor[] in, Tensor[] out, Workspace ws) {
    forward(in[0], in.length > 1 ? in[1] : null, in.length > 2 ? in[2] : null, out[0], ws);
  }

  /** {@link #forwardInto} without arrays (for {@link TransformerEncoder}). */
  void forward(Tensor x, Tensor mask, Tensor pad, Tensor y, Workspace ws) {
    Device dev = x.device();
    Kernels k = dev.kernels();
    Tensor att = slot(ws, ATT, x, dModel);
    Tensor h1 = slot(ws, H1, x, dModel);
    Tensor sum1 = slot(ws, SUM1, x, dModel);
    Tensor attIn = normFirst ? h1 : x;
    if (normFirst) {
      norm1.forwardInto(x, h1, ws.child(4));
    }
    selfAttn.forward(attIn, attIn, attIn, mask, pad, att, null, ws.child(0));
    Tensor a = drop(dropout1, att, ws, ATT_D, 6);
    k.binary(BinaryOp.ADD, x, a, sum1);
    Tensor ffIn = sum1;
    if (normFirst) {
      ffIn = slot(ws, SUM2, x, dModel);
      norm2.forwardInto(sum1, ffIn, ws.child(5));
    } else {
      norm1.forwardInto(sum1, h1, ws.child(4));
      ffIn = h1;
    }
    Tensor f1 = slot(ws, FF1, x, dimFeedforward);
    linear1.forwardInto(ffIn, f1, ws.child(1));
    Tensor act = slot(ws, ACT, x, dimFeedforward);
    activate(k, f1, act);
    Tensor actD = drop(dropout, act, ws, ACT_D, 2);
    Tensor f2 = slot(ws, FF2, x, dModel);
    linear2.forwardInto(actD, f2, ws.child(3));
    Tensor f = drop(dropout2, f2, ws, FF2_D, 7);
    if (normFirst) {
      k.binary(BinaryOp.ADD, sum1, f, y);
    } else {
      Tensor sum2 = slot(ws, SUM2, x, dModel);
      k.binary(BinaryOp.ADD, h1, f, sum2);
      norm2.forwardInto(sum2, y, ws.child(5));
    }
  }

  /** A zeroed gradient buffer for forward slot {@code s}. */
  private Tensor grad(Workspace ws, Kernels k, int s, Tensor like, int width) {
    Tensor g = slot(ws, GRAD + s, like, width);
    k.fill(g, 0f);
    return g;
  }

  /** Back through dropout {@code d}: its input gradient, or {@code dy} when dropout is off. */
  private Tensor dropBack(Dropout d, Tensor x, Tensor y, Tensor dy, Workspace ws, Kernels k,
      int slot, int child) {
    if (!dropping()) {
      return dy;
    }
    Tensor dx = grad(ws, k, slot, x, x.size(x.dim() - 1));
    d.backwardInto(x, y, dy, dx, ws.child(child));
    return dx;
  }

  @Override
  public void backwardInto(Tensor[] in, Tensor[] out, Tensor[] dOut, Tensor[] dIn,
      Workspace ws) {
    if (dOut[0] != null) {
      backward(in[0], out[0], dOut[0], dIn[0], ws);
    }
  }

  /** {@link #backwardInto} without arrays (the masks are not needed). */
  void backward(Tensor x, Tensor y, Tensor dy, Tensor dx, Workspace ws) {
    Device dev = x.device();
    Kernels k = dev.kernels();
    boolean on = dropping();
    Tensor att = ws.peek(ATT);
    Tensor a = on ? ws.peek(ATT_D) : att;
    Tensor h1 = ws.peek(H1);
    Tensor sum1 = ws.peek(SUM1);
    Tensor f1 = ws.peek(FF1);
    Tensor act = ws.peek(ACT);
    Tensor actD = on ? ws.peek(ACT_D) : act;
    Tensor f2 = ws.peek(FF2);
    Tensor f = on ? ws.peek(FF2_D) : f2;
    Tensor ffIn = normFirst ? ws.peek(SUM2) : h1;
    // the feed-forward block's output gradient, and the residual's
    Tensor dRes = grad(ws, k, SUM1, x, dModel); // gradient of sum1 (pre) or h1 (post)
    Tensor dF;
    if (normFirst) {
      k.accumulate(dy, dRes);
      dF = dy;
    } else {
      Tensor dSum2 = grad(ws, k, SUM2, x, dModel);
      norm2.backwardInto(ws.peek(SUM2), y, dy, dSum2, ws.child(5));
      k.accumulate(dSum2, dRes);
      dF = dSum2;
    }
    Tensor dF2 = dropBack(dropout2, f2, f, dF, ws, k, FF2_D, 7);
    Tensor dActD = grad(ws, k, ACT_D, x, dimFeedforward);
    linear2.backwardInto(actD, f2, dF2, dActD, ws.child(3));
    Tensor dAct = dropBack(dropout, act, actD, dActD, ws, k, ACT, 2);
    Tensor dF1 = grad(ws, k, FF1, x, dimFeedforward);
    if (activation.equals("gelu")) {
      k.geluBackward(f1, false, dAct, dF1);
    } else {
      k.reluBackward(f1, dAct, dF1);
    }
    Tensor dSum1;
    if (normFirst) {
      Tensor dFfIn = grad(ws, k, SUM2 + 1, x, dModel);
      linear1.backwardInto(ffIn, f1, dF1, dFfIn, ws.child(1));
      norm2.backwardInto(sum1, ffIn, dFfIn, dRes, ws.child(5));
      dSum1 = dRes;
    } else {
      linear1.backwardInto(ffIn, f1, dF1, dRes, ws.child(1));
      dSum1 = grad(ws, k, H1, x, dModel);
      norm1.backwardInto(sum1, h1, dRes, dSum1, ws.child(4));
    }
    // sum1 = x + dropout1(attention(attIn))
    if (dx != null) {
      k.accumulate(dSum1, dx);
    }
    Tensor dAtt = dropBack(dropout1, att, a, dSum1, ws, k, ATT_D, 6);
    Tensor attIn = normFirst ? h1 : x;
    Tensor dAttIn = normFirst ? grad(ws, k, ATT, x, dModel) : dx;
    selfAttn.backward(attIn, attIn, attIn, att, null, dAtt, null, dAttIn, null, null,
        ws.child(0));
    if (normFirst) {
      norm1.backwardInto(x, h1, dAttIn, dx, ws.child(4));
    }
  }
}
