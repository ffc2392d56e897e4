package dev.kiln.nn;

import dev.kiln.tensor.Tensor;

/**
 * A stack of {@code numLayers} copies of an encoder layer, then an optional LayerNorm, as
 * {@code torch.nn.TransformerEncoder(encoder_layer, num_layers, norm)}: the copies are deep (each
 * starts from the given layer's parameter values, as PyTorch's clones), keyed {@code
 * layers.0.self_attn.in_proj_weight ...}, {@code norm.weight}. Input and output as the layer's;
 * the masks are passed to every layer. (PyTorch's fast path, which in evaluation without
 * gradients zeroes the outputs at padded positions, is not reproduced: outputs there are
 * computed as in training.)
 */
public final class TransformerEncoder extends MultiModule {
  private final ModuleList<TransformerEncoderLayer> layers = new ModuleList<>();
  private LayerNorm norm;

  public TransformerEncoder(TransformerEncoderLayer layer, int numLayers) {
    if (numLayers < 1) {
      throw new IllegalArgumentException("num_layers must be at least 1, got " + numLayers);
    }
    for (int i = 0; i < numLayers; i++) {
      layers.add(layer.copy());
    }
    registerModule("layers", layers);
  }

  /** The final LayerNorm (PyTorch's {@code norm} argument). */
  public TransformerEncoder norm(LayerNorm value) {
    unregister("norm");
    norm = value == null ? null : registerModule("norm", value);
    return this;
  }

  public ModuleList<TransformerEncoderLayer> layers() {
    return layers;
  }

  public Tensor apply(Tensor src) {
    return apply(src, null, null);
  }

  public Tensor apply(Tensor src, Mask mask) {
    return apply(src, mask, null);
  }

  /** Runs the stack eagerly, recording its backward. */
  public Tensor apply(Tensor src, Mask mask, Mask srcKeyPaddingMask) {
    return applyAll(src, Mask.tensorOf(mask), Mask.tensorOf(srcKeyPaddingMask))[0];
  }

  @Override
  protected boolean differentiable(int i) {
    return i == 0;
  }

  @Override
  public int[][] outputShapes(int[][] in) {
    int[][] s = in;
    for (TransformerEncoderLayer l : layers) {
      s = new int[][] {l.outputShapes(new int[][] {s[0], in.length > 1 ? in[1] : null,
          in.length > 2 ? in[2] : null})[0], null, null};
    }
    if (norm != null) {
      norm.outputShape(s[0]);
    }
    return new int[][] {s[0]};
  }

  /** Layer i writes slot i (the last layer writes the output unless there is a norm). */
  @Override
  public void forwardInto(Tensor[] in, Tensor[] out, Workspace ws) {
    int n = layers.size();
    Tensor h = in[0];
    Tensor mask = in.length > 1 ? in[1] : null;
    Tensor pad = in.length > 2 ? in[2] : null;
    for (int i = 0; i < n; i++) {
      Tensor r = i == n - 1 && norm == null ? out[0] : like(ws, i, h);
      layers.get(i).forward(h, mask, pad, r, ws.child(i));
      h = r;
    }
    if (norm != null) {
      norm.forwardInto(h, out[0], ws.child(n));
    }
  }

  /** Gradients of the layers' outputs use slots n + i. */
  @Override
  public void backwardInto(Tensor[] in, Tensor[] out, Tensor[] dOut, Tensor[] dIn,
      Workspace ws) {
    if (dOut[0] == null) {
      return;
    }
    int n = layers.size();
    Tensor g = dOut[0];
    if (norm != null) {
      Tensor last = ws.peek(n - 1);
      Tensor d = like(ws, n + n - 1, last);
      d.device().kernels().fill(d, 0f);
      norm.backwardInto(last, out[0], g, d, ws.child(n));
      g = d;
    }
    for (int i = n - 1; i >= 0; i--) {
      Tensor x = i == 0 ? in[0] : ws.peek(i - 1);
      Tensor r = i == n - 1 && norm == null ? out[0] : ws.peek(i);
      Tensor dx = dIn[0];
      if (i > 0) {
        dx = like(ws, n + i - 1, x);
        dx.device().kernels().fill(dx, 0f);
      }
      layers.get(i).backward(x, r, g, dx, ws.child(i));
      g = dx;
    }
  }

  /** Slot {@code slot} shaped as {@code t} (two or three dimensions), allocation-free when warm. */
  private static Tensor like(Workspace ws, int slot, Tensor t) {
    return t.dim() == 3 ? Slots.get(ws, slot, t.device(), t.size(0), t.size(1), t.size(2))
        : Slots.get(ws, slot, t.device(), t.size(0), t.size(1));
  }
}
