package dev.kiln.nn;

import dev.kiln.ShapeContract;
import dev.kiln.tensor.Shapes;
import dev.kiln.tensor.Tensor;

/**
 * The sinusoidal positional encoding of PyTorch's tutorial "Language Modeling with
 * nn.Transformer": {@code y = dropout(x + pe[:T])} with {@code pe[t, 0, 2i] = sin(t * div[i])},
 * {@code pe[t, 0, 2i + 1] = cos(t * div[i])}, {@code div[i] = exp(2i * -ln(10000) / dModel)},
 * computed in float32 as the tutorial's code does.
 *
 * <p>Shape: input {@code (*, T, dModel)} (batch first, the default: {@code (B, T, dModel)} or
 * {@code (T, dModel)}), or with {@code batchFirst(false)} the tutorial's {@code (T, *, dModel)};
 * output the same; {@code T <= maxLen}. Buffer: {@code pe (maxLen, 1, dModel)}, persistent (in the
 * state dict, so a tutorial checkpoint loads). Child: {@code dropout}, a {@link Dropout} (default
 * p 0.1, the tutorial's), whose mask lives in the call's {@link Workspace}.
 *
 * <p>{@code new PositionalEncoding(64, 512).dropout(0.1f)} for {@code (B, T, 64)} embeddings.
 */
@ShapeContract(args = {"dModel", "maxLen"}, when = "batchFirst=false", input = "T, *, dModel",
    output = "T, *, dModel",
    requires = {"T <= maxLen: the sequence is longer than the table's max_len"})
@ShapeContract(args = {"dModel", "maxLen"}, input = "*, T, dModel", output = "*, T, dModel",
    requires = {"T <= maxLen: the sequence is longer than the table's max_len"})
public final class PositionalEncoding extends UnaryModule {
  private final int dModel;
  private final int maxLen;
  private final Tensor pe;
  private Dropout dropout;
  private boolean batchFirst = true;

  /** @throws IllegalArgumentException unless both sizes are positive */
  public PositionalEncoding(int dModel, int maxLen) {
    if (dModel <= 0 || maxLen <= 0) {
      throw new IllegalArgumentException("PositionalEncoding(" + dModel + ", " + maxLen
          + "): sizes must be positive");
    }
    this.dModel = dModel;
    this.maxLen = maxLen;
    this.dropout = registerModule("dropout", new Dropout(0.1f));
    this.pe = registerBuffer("pe", Tensor.of(table(dModel, maxLen), maxLen, 1, dModel));
  }

  /** The tutorial's table, float32 step by step as PyTorch evaluates it. */
  static float[] table(int dModel, int maxLen) {
    float scale = (float) (-Math.log(10000.0) / dModel);
    float[] div = new float[(dModel + 1) / 2];
    for (int i = 0; i < div.length; i++) {
      div[i] = (float) Math.exp((float) (2 * i) * scale);
    }
    float[] pe = new float[maxLen * dModel];
    for (int t = 0; t < maxLen; t++) {
      for (int j = 0; j < dModel; j++) {
        float arg = (float) t * div[j / 2];
        pe[t * dModel + j] = (float) (j % 2 == 0 ? Math.sin(arg) : Math.cos(arg));
      }
    }
    return pe;
  }

  /** The dropout probability applied after the addition (default 0.1). */
  public PositionalEncoding dropout(float p) {
    Dropout next = new Dropout(p);
    if (!isTraining()) {
      next.eval();
    }
    unregister("dropout");
    dropout = registerModule("dropout", next);
    return this;
  }

  /** Whether inputs are {@code (*, T, dModel)} (true, the default) or {@code (T, *, dModel)}. */
  public PositionalEncoding batchFirst(boolean on) {
    batchFirst = on;
    return this;
  }

  /** The table {@code (maxLen, 1, dModel)}. */
  public Tensor pe() {
    return pe;
  }

  public int dModel() {
    return dModel;
  }

  public int maxLen() {
    return maxLen;
  }

  private int seqLen(int[] x) {
    return batchFirst ? x[x.length - 2] : x[0];
  }

  @Override
  public int[] outputShape(int[] x) {
    if (x.length < 2 || x[x.length - 1] != dModel) {
      throw new IllegalArgumentException("PositionalEncoding(" + dModel + ", " + maxLen
          + ") expects input " + (batchFirst ? "(*, T, " : "(T, *, ") + dModel + ") but got "
          + Shapes.toString(x));
    }
    if (seqLen(x) > maxLen) {
      throw new IllegalArgumentException("PositionalEncoding(" + dModel + ", " + maxLen
          + "): the sequence length " + seqLen(x) + " is longer than the table's max_len "
          + maxLen + " (input " + Shapes.toString(x) + ")");
    }
    return x.clone();
  }

  private boolean dropping() {
    return dropout.isTraining() && dropout.p() > 0;
  }

  @Override
  public void forwardInto(Tensor x, Tensor y, Workspace ws) {
    int t = batchFirst ? x.size(-2) : x.size(0);
    int inner = batchFirst || t == 0 ? 1 : x.numel() / (t * dModel);
    x.device().kernels().addPositional(x, pe, t, inner, y);
    if (dropping()) {
      dropout.forwardInto(y, y, ws.child(0));
    }
  }

  @Override
  public void backwardInto(Tensor x, Tensor y, Tensor dy, Tensor dx, Workspace ws) {
    if (dx == null) {
      return;
    }
    if (dropping()) {
      dropout.backwardInto(y, y, dy, dx, ws.child(0));
    } else {
      dx.device().kernels().accumulate(dy, dx);
    }
  }
}
