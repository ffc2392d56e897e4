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
  private final Map<Tensor, Tensor[]> saved = new WeakHashMap<>();

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

  @Override
  public void forwardInto(Tensor x, Tensor y) {
    Tensor[] acts = new Tensor[layers.size() + 1];
    acts[0] = x;
    acts[layers.size()] = y;
    for (int i = 0; i < layers.size(); i++) {
      if (i < layers.size() - 1) {
        acts[i + 1] = x.device().zeros(layers.get(i).outputShape(acts[i].shape()));
      }
      if (layers.get(i).hasHooks()) {
        HookedCalls.forward(layers.get(i), acts[i], acts[i + 1], null, false);
      } else {
        layers.get(i).forwardInto(acts[i], acts[i + 1]);
      }
    }
    // the map holds its key weakly: its value must not refer to y, or y is never collected
    acts[layers.size()] = null;
    synchronized (saved) {
      saved.put(y, acts);
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
    Tensor[] acts;
    synchronized (saved) {
      acts = saved.get(y);
    }
    if (acts == null || acts[0] != x) {
      throw new IllegalStateException("Sequential.backwardInto without its forwardInto");
    }
    acts = acts.clone();
    acts[layers.size()] = y;
    Tensor g = dy;
    for (int i = layers.size() - 1; i >= 0; i--) {
      Tensor gIn = i == 0 ? dx : Tensor.zerosLike(acts[i]);
      if (layers.get(i).hasHooks()) {
        HookedCalls.backward(layers.get(i), acts[i], acts[i + 1], g, gIn, null);
      } else {
        layers.get(i).backwardInto(acts[i], acts[i + 1], g, gIn);
      }
      g = gIn;
    }
  }
}
