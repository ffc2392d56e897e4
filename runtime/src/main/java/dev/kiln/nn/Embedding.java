package dev.kiln.nn;

import dev.kiln.ShapeContract;
import dev.kiln.tensor.Device;
import dev.kiln.tensor.Tensor;
import java.util.Arrays;

/**
 * A lookup table, as {@code torch.nn.Embedding}: {@code y[..., :] = weight[x[...], :]}.
 *
 * <p>Shape: input {@code (*)} of token indices, held in an ordinary float tensor with integral
 * values in {@code [0, numEmbeddings)} (an index out of range, or not an integer, throws naming it
 * and its position); output {@code (*, embeddingDim)}. The indices get no gradient. Parameter:
 * {@code weight (numEmbeddings, embeddingDim)}, initialised from {@code N(0, 1)} as PyTorch; with
 * {@code paddingIdx} that row is zero-initialised and never receives a gradient.
 *
 * <p>{@code new Embedding(1000, 64).paddingIdx(0)} maps {@code (B, T)} token ids to {@code (B, T,
 * 64)}.
 */
@ShapeContract(args = {"numEmbeddings", "embeddingDim"}, input = "*",
    output = "*, embeddingDim")
public final class Embedding extends UnaryModule {
  private final int numEmbeddings;
  private final int embeddingDim;
  private final Parameter weight;
  private int paddingIdx = -1;

  /** @throws IllegalArgumentException unless both sizes are positive */
  public Embedding(int numEmbeddings, int embeddingDim) {
    if (numEmbeddings <= 0 || embeddingDim <= 0) {
      throw new IllegalArgumentException("Embedding(" + numEmbeddings + ", " + embeddingDim
          + "): sizes must be positive");
    }
    this.numEmbeddings = numEmbeddings;
    this.embeddingDim = embeddingDim;
    this.weight = registerParameter("weight",
        Init.normal(new Parameter(Device.cpu(), numEmbeddings, embeddingDim), 0, 1));
  }

  /**
   * A table holding {@code weights (numEmbeddings, embeddingDim)} (copied), frozen ({@code
   * weight.requiresGrad() == false}), as {@code nn.Embedding.from_pretrained(weights)}.
   */
  public static Embedding fromPretrained(Tensor weights) {
    return fromPretrained(weights, true);
  }

  /** As {@link #fromPretrained(Tensor)}; {@code freeze == false} keeps the table trainable. */
  public static Embedding fromPretrained(Tensor weights, boolean freeze) {
    if (weights.dim() != 2) {
      throw new IllegalArgumentException("Embedding.fromPretrained: weights must be 2-D"
          + " (numEmbeddings, embeddingDim), got " + dev.kiln.tensor.Shapes.toString(
              weights.shape()));
    }
    Embedding e = new Embedding(weights.size(0), weights.size(1));
    e.weight.device().kernels().copy(weights.to(e.weight.device()), e.weight);
    e.weight.requiresGrad(!freeze);
    return e;
  }

  /**
   * The index whose row is zero-initialised and gets no gradient; negative counts from the end
   * ({@code -1} is {@code numEmbeddings - 1}), as PyTorch. Zeroes that row now.
   */
  public Embedding paddingIdx(int index) {
    if (index < -numEmbeddings || index >= numEmbeddings) {
      throw new IllegalArgumentException(this + ": padding_idx must be within num_embeddings,"
          + " in [" + -numEmbeddings + ", " + numEmbeddings + "), got " + index);
    }
    paddingIdx = index < 0 ? numEmbeddings + index : index;
    float[] v = weight.toFloatArray();
    Arrays.fill(v, paddingIdx * embeddingDim, (paddingIdx + 1) * embeddingDim, 0f);
    weight.device().kernels().copy(Tensor.of(v, weight.shape()).to(weight.device()), weight);
    return this;
  }

  /** The padding index in {@code [0, numEmbeddings)}, or -1 when there is none. */
  public int paddingIdx() {
    return paddingIdx;
  }

  /** The table, {@code (numEmbeddings, embeddingDim)}. */
  public Parameter weight() {
    return weight;
  }

  public int numEmbeddings() {
    return numEmbeddings;
  }

  public int embeddingDim() {
    return embeddingDim;
  }

  @Override
  public int[] outputShape(int[] x) {
    int[] y = Arrays.copyOf(x, x.length + 1);
    y[x.length] = embeddingDim;
    return y;
  }

  @Override
  public void forwardInto(Tensor x, Tensor y) {
    int bad = x.device().kernels().invalidClassIndex(x, numEmbeddings, Integer.MIN_VALUE);
    if (bad >= 0) {
      throw badIndex(x, bad);
    }
    x.device().kernels().embedding(x, weight, y);
  }

  private IllegalArgumentException badIndex(Tensor x, int flat) {
    float v = x.toFloatArray()[flat];
    int[] pos = new int[x.dim()];
    for (int d = x.dim() - 1, rest = flat; d >= 0; d--) {
      pos[d] = rest % x.size(d);
      rest /= x.size(d);
    }
    String where = "Embedding(" + numEmbeddings + ", " + embeddingDim + "): index ";
    if (v != Math.rint(v) || Float.isInfinite(v)) {
      return new IllegalArgumentException(where + v + " at position " + Arrays.toString(pos)
          + " is not an integer");
    }
    String index = Math.abs(v) < 1e9f ? Integer.toString((int) v) : Float.toString(v);
    return new IllegalArgumentException(where + index + " at position " + Arrays.toString(pos)
        + " is out of range [0, " + numEmbeddings + ")");
  }

  /** Adds {@code dy}'s rows into {@code weight}'s gradient; the indices get none. */
  @Override
  public void backwardInto(Tensor x, Tensor y, Tensor dy, Tensor dx) {
    Tensor dw = gradOf(weight);
    if (dw != null) {
      x.device().kernels().embeddingBackward(x, dy, paddingIdx, dw);
    }
  }

  @Override
  protected String extraRepr() {
    return numEmbeddings + ", " + embeddingDim
        + (paddingIdx >= 0 ? ", padding_idx=" + paddingIdx : "");
  }
}
