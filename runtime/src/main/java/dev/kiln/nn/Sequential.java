package dev.kiln.nn;

import dev.kiln.compiled.HookedCalls;
import dev.kiln.export.Exportable;
import dev.kiln.export.GraphSink;
import dev.kiln.tensor.Tensor;
import java.util.List;
import java.util.Map;
import java.util.WeakHashMap;

/**
 * Layers applied in order, as {@code torch.nn.Sequential}; children are keyed {@code "0"},
 * {@code "1"}, ... so parameters read {@code network.1.weight}. Input: the first layer's;
 * output: the last layer's. Compiled models call the elements directly. Eager, an element's
 * hooks run as in a compiled model (see {@link HookedCalls}).
 */
public final class Sequential extends UnaryModule implements Exportable {
  private final List<UnaryModule> layers;
  private final Map<Tensor, Workspace> saved = new WeakHashMap<>();

  public Sequential(UnaryModule... layers) {
    if (layers.length == 0) {
      throw new IllegalArgumentException("Sequential needs at least one layer");
    }
    this.layers = List.of(layers);
    for (int i = 0; i < layers.length; i++) {
      registerModule(Integer.toString(i), layers[i]);
    }
  }

  /** The layer at {@code index}. */
  public UnaryModule get(int index) {
    return layers.get(index);
  }

  public int size() {
    return layers.size();
  }

  @Override
  public int[] outputShape(int[] in) {
    int[] s = in;
    for (UnaryModule m : layers) {
      s = m.outputShape(s);
    }
    return s;
  }

  /** The forward with a workspace of its own, kept (weakly, by y) for {@link #backwardInto}. */
  @Override
  public void forwardInto(Tensor x, Tensor y) {
    Workspace ws = new Workspace();
    forwardInto(x, y, ws);
    synchronized (saved) {
      saved.put(y, ws);
    }
  }

  /**
   * Runs the layers in order, each with its own {@link Workspace#child child} workspace; the
   * intermediate activations are slots {@code 0 .. size - 2} of {@code ws}.
   */
  @Override
  public void forwardInto(Tensor x, Tensor y, Workspace ws) {
    int n = layers.size();
    Tensor h = x;
    for (int i = 0; i < n; i++) {
      UnaryModule m = layers.get(i);
      Tensor out = i == n - 1 ? y : ws.get(i, x.device(), m.outputShape(h.shape()));
      if (m.hasHooks()) {
        ws.child(i).hooked(HookedCalls.forward(m, h, out, ws.child(i), false));
      } else {
        ws.child(i).hooked(null);
        m.forwardInto(h, out, ws.child(i));
      }
      h = out;
    }
  }

  @Override
  public String export(GraphSink graph, String x) {
    String h = x;
    for (UnaryModule m : layers) {
      h = graph.layer(m, h);
    }
    return h;
  }

  @Override
  public void backwardInto(Tensor x, Tensor y, Tensor dy, Tensor dx) {
    Workspace ws;
    synchronized (saved) {
      ws = saved.get(y);
    }
    if (ws == null) {
      throw new IllegalStateException("Sequential.backwardInto without its forwardInto");
    }
    backwardInto(x, y, dy, dx, ws);
  }

  /** Back through the layers with the forward's workspace; gradients use slots from size on. */
  @Override
  public void backwardInto(Tensor x, Tensor y, Tensor dy, Tensor dx, Workspace ws) {
    int n = layers.size();
    Tensor g = dy;
    for (int i = n - 1; i >= 0; i--) {
      Tensor in = i == 0 ? x : ws.peek(i - 1);
      Tensor out = i == n - 1 ? y : ws.peek(i);
      Tensor gIn = null;
      if (i > 0) {
        gIn = ws.get(n + i, x.device(), in.shape());
        gIn.device().kernels().fill(gIn, 0f);
      } else {
        gIn = dx;
      }
      if (ws.child(i).hooked() != null) {
        HookedCalls.backward(ws.child(i).hooked(), g, gIn);
      } else {
        layers.get(i).backwardInto(in, out, g, gIn, ws.child(i));
      }
      g = gIn;
    }
  }
}
