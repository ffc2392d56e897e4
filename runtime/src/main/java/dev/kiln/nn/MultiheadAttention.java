package dev.kiln.nn;

import dev.kiln.ShapeContract;
import dev.kiln.backend.Kernels;
import dev.kiln.tensor.Device;
import dev.kiln.tensor.Shapes;
import dev.kiln.tensor.Tensor;

/**
 * Multi-head attention, as {@code torch.nn.MultiheadAttention(embed_dim, num_heads)}: query
 * {@code (L, B, E)}, key and value {@code (S, B, E)} ({@code (B, L, E)}, {@code (B, S, E)} with
 * {@code batchFirst(true)}; unbatched {@code (L, E)}, {@code (S, E)} too), projected by {@code
 * in_proj_weight (3E, E)} and {@code in_proj_bias (3E)}, split into {@code numHeads} heads of
 * {@code E / numHeads}, {@code softmax(q k^T / sqrt(E / numHeads) + masks) v} per head (dropout
 * on the weights in training), heads merged and projected by {@code out_proj} ({@code (E, E)}
 * Linear). Output {@code (L, B, E)} and weights {@code (B, L, S)} averaged over heads, or {@code
 * (B, numHeads, L, S)} with {@code averageAttnWeights(false)}, or none with {@code
 * needWeights(false)}. Masks: {@code attnMask (L, S)} or {@code (B * numHeads, L, S)}, {@code
 * keyPaddingMask (B, S)} (additive {@link Mask}s; {@code Mask.bool} for PyTorch's bool masks).
 * Init as PyTorch: in_proj_weight xavier-uniform, biases zero, out_proj.weight as Linear's.
 * Key and value have {@code embedDim} features ({@code kdim}/{@code vdim} and {@code
 * add_bias_kv}/{@code add_zero_attn} are not supported). Passing one tensor as query, key and
 * value (self-attention) projects it with one product.
 */
@ShapeContract(args = {"embedDim", "numHeads"}, when = "batchFirst=true & needWeights=false",
    inputs = {"query: B, L, embedDim", "key: B, S, embedDim", "value: B, S, embedDim",
        "attnMask?: L, S", "keyPaddingMask?: B, S"},
    outputs = {"output: B, L, embedDim"},
    requires = {"embedDim % numHeads == 0: embed_dim must be divisible by num_heads"})
@ShapeContract(args = {"embedDim", "numHeads"}, when = "batchFirst=true & averageAttnWeights=false",
    inputs = {"query: B, L, embedDim", "key: B, S, embedDim", "value: B, S, embedDim",
        "attnMask?: L, S", "keyPaddingMask?: B, S"},
    outputs = {"output: B, L, embedDim", "weights: B, numHeads, L, S"},
    requires = {"embedDim % numHeads == 0: embed_dim must be divisible by num_heads"})
@ShapeContract(args = {"embedDim", "numHeads"}, when = "batchFirst=true",
    inputs = {"query: B, L, embedDim", "key: B, S, embedDim", "value: B, S, embedDim",
        "attnMask?: L, S", "keyPaddingMask?: B, S"},
    outputs = {"output: B, L, embedDim", "weights: B, L, S"},
    requires = {"embedDim % numHeads == 0: embed_dim must be divisible by num_heads"})
@ShapeContract(args = {"embedDim", "numHeads"}, when = "needWeights=false",
    inputs = {"query: L, B, embedDim", "key: S, B, embedDim", "value: S, B, embedDim",
        "attnMask?: L, S", "keyPaddingMask?: B, S"},
    outputs = {"output: L, B, embedDim"},
    requires = {"embedDim % numHeads == 0: embed_dim must be divisible by num_heads"})
@ShapeContract(args = {"embedDim", "numHeads"}, when = "averageAttnWeights=false",
    inputs = {"query: L, B, embedDim", "key: S, B, embedDim", "value: S, B, embedDim",
        "attnMask?: L, S", "keyPaddingMask?: B, S"},
    outputs = {"output: L, B, embedDim", "weights: B, numHeads, L, S"},
    requires = {"embedDim % numHeads == 0: embed_dim must be divisible by num_heads"})
@ShapeContract(args = {"embedDim", "numHeads"},
    inputs = {"query: L, B, embedDim", "key: S, B, embedDim", "value: S, B, embedDim",
        "attnMask?: L, S", "keyPaddingMask?: B, S"},
    outputs = {"output: L, B, embedDim", "weights: B, L, S"},
    requires = {"embedDim % numHeads == 0: embed_dim must be divisible by num_heads"})
public final class MultiheadAttention extends MultiModule {
  // forward slots
  private static final int QKV = 0;
  private static final int PROJ = 1; // 1, 2, 3: q, k, v projections (separate inputs)
  private static final int HEADS = 4; // 4, 5, 6: q, k, v heads (B, H, T, D)
  private static final int PROBS = 7;
  private static final int DROP_MASK = 8;
  private static final int DROPPED = 9;
  private static final int W_SLICE = 10;
  private static final int B_SLICE = 11;
  private static final int CONTEXT = 12;
  private static final int MERGED = 13;
  private static final int INV_HEADS = 14;
  // backward slots
  private static final int D_MERGED = 20;
  private static final int D_CONTEXT = 21;
  private static final int D_PROBS = 22;
  private static final int D_DROPPED = 23;
  private static final int D_HEADS = 24; // 24, 25, 26
  private static final int D_QKV = 27;
  private static final int D_PROJ = 28; // 28, 29, 30
  private static final int D_W_SLICE = 31;
  private static final int D_B_SLICE = 32;

  private final int embedDim;
  private final int numHeads;
  private float dropout;
  private boolean bias = true;
  private boolean batchFirst;
  private boolean needWeights = true;
  private boolean averageAttnWeights = true;
  private Parameter inProjWeight;
  private Parameter inProjBias;
  private NonDynamicallyQuantizableLinear outProj;

  /** @throws IllegalArgumentException unless {@code embedDim} is a positive multiple of {@code numHeads} */
  public MultiheadAttention(int embedDim, int numHeads) {
    if (embedDim <= 0 || numHeads <= 0) {
      throw new IllegalArgumentException("MultiheadAttention(" + embedDim + ", " + numHeads
          + "): embed_dim and num_heads must be positive");
    }
    if (embedDim % numHeads != 0) {
      throw new IllegalArgumentException("embed_dim must be divisible by num_heads");
    }
    this.embedDim = embedDim;
    this.numHeads = numHeads;
    build();
  }

  /** Parameters in PyTorch's order and initialisation (out_proj drawn first, as its __init__). */
  private void build() {
    unregister("in_proj_weight");
    unregister("in_proj_bias");
    unregister("out_proj");
    Parameter w = new Parameter(Device.cpu(), 3 * embedDim, embedDim);
    Parameter b = bias ? new Parameter(Device.cpu(), 3 * embedDim) : null;
    NonDynamicallyQuantizableLinear out = new NonDynamicallyQuantizableLinear(embedDim, embedDim,
        bias);
    Init.xavierUniform(w);
    if (bias) {
      Init.zeros(b);
      Init.zeros(out.bias());
    }
    inProjWeight = registerParameter("in_proj_weight", w);
    inProjBias = bias ? registerParameter("in_proj_bias", b) : null;
    outProj = registerModule("out_proj", out);
  }

  /** Dropout probability on the attention weights in training (default 0). */
  public MultiheadAttention dropout(float p) {
    if (!(p >= 0 && p <= 1)) {
      throw new IllegalArgumentException("MultiheadAttention: dropout must be in [0, 1], got " + p);
    }
    this.dropout = p;
    return this;
  }

  /** Biases of the input and output projections (default true); changing it re-initialises. */
  public MultiheadAttention bias(boolean on) {
    if (on != bias) {
      bias = on;
      build();
    }
    return this;
  }

  /** Inputs and output as {@code (B, T, E)} instead of {@code (T, B, E)} (default false). */
  public MultiheadAttention batchFirst(boolean on) {
    this.batchFirst = on;
    return this;
  }

  /** Whether the weights are an output (default true, as PyTorch's {@code need_weights}). */
  public MultiheadAttention needWeights(boolean on) {
    this.needWeights = on;
    return this;
  }

  /** Whether the weights are averaged over heads (default true). */
  public MultiheadAttention averageAttnWeights(boolean on) {
    this.averageAttnWeights = on;
    return this;
  }

  public int embedDim() {
    return embedDim;
  }

  public int numHeads() {
    return numHeads;
  }

  public boolean batchFirst() {
    return batchFirst;
  }

  public Parameter inProjWeight() {
    return inProjWeight;
  }

  /** The input projection's bias {@code (3E)}, or null with {@code bias(false)}. */
  public Parameter inProjBias() {
    return inProjBias;
  }

  public NonDynamicallyQuantizableLinear outProj() {
    return outProj;
  }

  /** A copy with the same options and copies of the parameters' values. */
  public MultiheadAttention copy() {
    MultiheadAttention m = new MultiheadAttention(embedDim, numHeads).bias(bias)
        .batchFirst(batchFirst).needWeights(needWeights).averageAttnWeights(averageAttnWeights)
        .dropout(dropout);
    m.loadStateDict(stateDict());
    if (!isTraining()) {
      m.eval();
    }
    return m;
  }

  /** Self- or cross-attention without masks. */
  public AttentionOutput apply(Tensor query, Tensor key, Tensor value) {
    return apply(query, key, value, null, null);
  }

  public AttentionOutput apply(Tensor query, Tensor key, Tensor value, Mask attnMask) {
    return apply(query, key, value, attnMask, null);
  }

  /** Runs the layer eagerly; the output and weights record their backward. */
  public AttentionOutput apply(Tensor query, Tensor key, Tensor value, Mask attnMask,
      Mask keyPaddingMask) {
    Tensor[] out = applyAll(query, key, value, Mask.tensorOf(attnMask),
        Mask.tensorOf(keyPaddingMask));
    return new AttentionOutput(out[0], out[1]);
  }

  @Override
  protected boolean differentiable(int i) {
    return i < 3;
  }

  /** {B, L, S}, checked; B is 1 for unbatched inputs. */
  private int[] sizes(int[] q, int[] k, int[] v) {
    boolean ok = q != null && k != null && v != null && (q.length == 2 || q.length == 3)
        && k.length == q.length && java.util.Arrays.equals(k, v) && q[q.length - 1] == embedDim
        && k[k.length - 1] == embedDim;
    int b = 1;
    if (ok && q.length == 3) {
      b = batchFirst ? q[0] : q[1];
      ok = (batchFirst ? k[0] : k[1]) == b;
    }
    if (!ok) {
      String t = batchFirst ? "(B, L, " : "(L, B, ";
      String s = batchFirst ? "(B, S, " : "(S, B, ";
      throw new IllegalArgumentException("MultiheadAttention(embed_dim=" + embedDim
          + ", num_heads=" + numHeads + ") expects query " + t
          + embedDim + "), key and value " + s + embedDim + ") but got "
          + (q == null ? "null" : Shapes.toString(q)) + ", "
          + (k == null ? "null" : Shapes.toString(k)) + ", "
          + (v == null ? "null" : Shapes.toString(v)));
    }
    int l = q.length == 3 && batchFirst ? q[1] : q[0];
    int s = k.length == 3 && batchFirst ? k[1] : k[0];
    return new int[] {b, l, s};
  }

  @Override
  public int[][] outputShapes(int[][] in) {
    int[] d = sizes(in[0], in[1], in.length > 2 ? in[2] : null);
    boolean batched = in[0].length == 3;
    int[] m = in.length > 3 ? in[3] : null;
    if (m != null && !(m.length == 2 && m[0] == d[1] && m[1] == d[2])
        && !(m.length == 3 && m[0] == d[0] * numHeads && m[1] == d[1] && m[2] == d[2])) {
      throw new IllegalArgumentException("MultiheadAttention: the attn_mask should be ("
          + d[1] + ", " + d[2] + ") or (" + d[0] * numHeads + ", " + d[1] + ", " + d[2]
          + "), got " + Shapes.toString(m));
    }
    int[] p = in.length > 4 ? in[4] : null;
    if (p != null && !(batched ? p.length == 2 && p[0] == d[0] && p[1] == d[2]
        : p.length == 1 && p[0] == d[2])) {
      throw new IllegalArgumentException("MultiheadAttention: the key_padding_mask should be "
          + (batched ? "(" + d[0] + ", " + d[2] + ")" : "(" + d[2] + ")") + ", got "
          + Shapes.toString(p));
    }
    int[] w = null;
    if (needWeights) {
      w = averageAttnWeights ? new int[] {d[0], d[1], d[2]}
          : new int[] {d[0], numHeads, d[1], d[2]};
      if (!batched) {
        w = java.util.Arrays.copyOfRange(w, 1, w.length);
      }
    }
    return new int[][] {in[0].clone(), w};
  }

  private boolean dropping() {
    return isTraining() && dropout > 0;
  }

  @Override
  public void forwardInto(Tensor[] in, Tensor[] out, Workspace ws) {
    forward(in[0], in[1], in[2], in.length > 3 ? in[3] : null, in.length > 4 ? in[4] : null,
        out[0], out.length > 1 ? out[1] : null, ws);
  }

  /** {@link #forwardInto} without arrays (for layers that contain this one). */
  void forward(Tensor query, Tensor key, Tensor value, Tensor attnMask, Tensor keyPaddingMask,
      Tensor output, Tensor weights, Workspace ws) {
    int b = query.dim() == 3 ? query.size(batchFirst ? 0 : 1) : 1;
    int l = query.size(query.dim() == 3 && batchFirst ? 1 : 0);
    int s = key.size(key.dim() == 3 && batchFirst ? 1 : 0);
    int e = embedDim;
    int h = numHeads;
    int hd = e / h;
    Device dev = query.device();
    Kernels k = dev.kernels();
    // the three (B, H, T, D) head tensors are slots HEADS + i (no array: a warm step allocates nothing)
    Tensor hq = Slots.get(ws, HEADS, dev, b, h, l, hd);
    Tensor hk = Slots.get(ws, HEADS + 1, dev, b, h, s, hd);
    Tensor hv = Slots.get(ws, HEADS + 2, dev, b, h, s, hd);
    if (query == key && key == value) {
      Tensor qkv = Slots.get(ws, QKV, dev, b * l, 3 * e);
      k.linear(query, inProjWeight, inProjBias, qkv);
      for (int i = 0; i < 3; i++) {
        k.splitHeads(qkv, i * e, batchFirst, ws.peek(HEADS + i));
      }
    } else {
      Tensor w = Slots.get(ws, W_SLICE, dev, e, e);
      if (!w.requiresGrad()) {
        // marked as a trained weight, so that the CPU's linear does not keep a packed copy of
        // it as it does for an inference weight (the slice changes with the parameter)
        w.requiresGrad(true);
      }
      Tensor bs = inProjBias == null ? null : Slots.get(ws, B_SLICE, dev, e);
      for (int i = 0; i < 3; i++) {
        Tensor proj = Slots.get(ws, PROJ + i, dev, b * (i == 0 ? l : s), e);
        k.copyRange(inProjWeight, i * e * e, w, 0, e * e);
        if (bs != null) {
          k.copyRange(inProjBias, i * e, bs, 0, e);
        }
        k.linear(i == 0 ? query : i == 1 ? key : value, w, bs, proj);
        k.splitHeads(proj, 0, batchFirst, ws.peek(HEADS + i));
      }
    }
    Tensor probs = Slots.get(ws, PROBS, dev, b, h, l, s);
    k.attentionScores(hq, hk, attnMask, keyPaddingMask, false, (float) (1 / Math.sqrt(hd)), probs);
    Tensor used = probs;
    if (dropping()) {
      Tensor mask = Slots.get(ws, DROP_MASK, dev, b, h, l, s);
      k.dropoutMask(mask, Rng.nextLong(), dropout, dropout == 1 ? 0f : 1f / (1f - dropout));
      used = Slots.get(ws, DROPPED, dev, b, h, l, s);
      k.dropout(probs, mask, used);
    }
    Tensor context = Slots.get(ws, CONTEXT, dev, b, h, l, hd);
    k.attentionValues(used, hv, context);
    Tensor merged = Slots.get(ws, MERGED, dev, b * l, e);
    k.fill(merged, 0f);
    k.splitHeadsBackward(context, 0, batchFirst, merged);
    outProj.forwardInto(merged, output, ws.child(0));
    if (weights != null) {
      if (averageAttnWeights) {
        k.sumDim(used, 1, weights);
        Tensor inv = Slots.get(ws, INV_HEADS, dev, 1);
        k.fill(inv, 1f / h);
        k.dropout(weights, inv, weights); // a one-element "mask" scales every element by 1/h
      } else {
        k.copy(used, weights);
      }
    }
  }

  @Override
  public void backwardInto(Tensor[] in, Tensor[] out, Tensor[] dOut, Tensor[] dIn,
      Workspace ws) {
    backward(in[0], in[1], in[2], out[0], out.length > 1 ? out[1] : null, dOut[0],
        dOut.length > 1 ? dOut[1] : null, dIn[0], dIn[1], dIn[2], ws);
  }

  /** {@link #backwardInto} without arrays (the masks are not needed). */
  void backward(Tensor query, Tensor key, Tensor value, Tensor output, Tensor weights,
      Tensor dOutput, Tensor dWeights, Tensor dQuery, Tensor dKey, Tensor dValue, Workspace ws) {
    int b = query.dim() == 3 ? query.size(batchFirst ? 0 : 1) : 1;
    int l = query.size(query.dim() == 3 && batchFirst ? 1 : 0);
    int s = key.size(key.dim() == 3 && batchFirst ? 1 : 0);
    int e = embedDim;
    int h = numHeads;
    int hd = e / h;
    Device dev = query.device();
    Kernels k = dev.kernels();
    Tensor probs = ws.peek(PROBS);
    Tensor used = dropping() ? ws.peek(DROPPED) : probs;
    Tensor hq = ws.peek(HEADS);
    Tensor hk = ws.peek(HEADS + 1);
    Tensor hv = ws.peek(HEADS + 2);
    Tensor dUsed = Slots.get(ws, D_DROPPED, dev, b, h, l, s);
    k.fill(dUsed, 0f);
    Tensor dw = dWeights;
    if (dw != null && weights != null) {
      if (averageAttnWeights) {
        k.sumDimBackward(dw, 1, 1f / h, dUsed);
      } else {
        k.accumulate(dw, dUsed);
      }
    }
    Tensor dq = Slots.get(ws, D_HEADS, dev, b, h, l, hd);
    Tensor dk = Slots.get(ws, D_HEADS + 1, dev, b, h, s, hd);
    Tensor dv = Slots.get(ws, D_HEADS + 2, dev, b, h, s, hd);
    k.fill(dq, 0f);
    k.fill(dk, 0f);
    k.fill(dv, 0f);
    if (dOutput != null) {
      Tensor dMerged = Slots.get(ws, D_MERGED, dev, b * l, e);
      k.fill(dMerged, 0f);
      outProj.backwardInto(ws.peek(MERGED), output, dOutput, dMerged, ws.child(0));
      Tensor dContext = Slots.get(ws, D_CONTEXT, dev, b, h, l, hd);
      k.splitHeads(dMerged, 0, batchFirst, dContext);
      k.attentionValuesBackward(used, hv, dContext, dUsed, dv);
    }
    Tensor dProbs = dUsed;
    if (dropping()) {
      dProbs = Slots.get(ws, D_PROBS, dev, b, h, l, s);
      k.fill(dProbs, 0f);
      k.dropoutBackward(dUsed, ws.peek(DROP_MASK), dProbs);
    }
    k.attentionScoresBackward(hq, hk, probs, dProbs, (float) (1 / Math.sqrt(hd)), dq, dk,
        dProbs);
    Tensor gw = gradOf(inProjWeight);
    Tensor gb = inProjBias == null ? null : gradOf(inProjBias);
    if (query == key && key == value) {
      Tensor dQkv = Slots.get(ws, D_QKV, dev, b * l, 3 * e);
      k.fill(dQkv, 0f);
      for (int i = 0; i < 3; i++) {
        k.splitHeadsBackward(ws.peek(D_HEADS + i), i * e, batchFirst, dQkv);
      }
      Tensor dx = dQuery != null ? dQuery : dKey != null ? dKey : dValue;
      k.linearBackward(query, inProjWeight, dQkv, dx, gw, gb);
      return;
    }
    Tensor w = Slots.get(ws, W_SLICE, dev, e, e);
    Tensor gws = gw == null ? null : Slots.get(ws, D_W_SLICE, dev, e, e);
    Tensor gbs = gb == null ? null : Slots.get(ws, D_B_SLICE, dev, e);
    for (int i = 0; i < 3; i++) {
      Tensor dProj = Slots.get(ws, D_PROJ + i, dev, b * (i == 0 ? l : s), e);
      k.fill(dProj, 0f);
      k.splitHeadsBackward(ws.peek(D_HEADS + i), 0, batchFirst, dProj);
      k.copyRange(inProjWeight, i * e * e, w, 0, e * e);
      if (gws != null) {
        k.fill(gws, 0f);
      }
      if (gbs != null) {
        k.fill(gbs, 0f);
      }
      k.linearBackward(i == 0 ? query : i == 1 ? key : value, w, dProj,
          i == 0 ? dQuery : i == 1 ? dKey : dValue, gws, gbs);
      if (gws != null) {
        k.accumulateRange(gws, 0, gw, i * e * e, e * e);
      }
      if (gbs != null) {
        k.accumulateRange(gbs, 0, gb, i * e, e);
      }
    }
  }

  private static Tensor gradOf(Parameter p) {
    if (!p.requiresGrad()) {
      return null;
    }
    if (p.grad() == null) {
      p.setGrad(Tensor.zerosLike(p));
    }
    return p.grad();
  }
}
