package dev.kiln.nn;

import dev.kiln.tensor.Shapes;
import dev.kiln.tensor.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/** All-or-nothing state-dict loading with an error that lists every problem. */
final class StateDicts {
  private StateDicts() {}

  static IncompatibleKeys load(Map<String, Tensor> params, Map<String, ? extends Tensor> state,
      boolean strict, String model) {
    List<String> missing = new ArrayList<>();
    List<String> unexpected = new ArrayList<>();
    List<String> problems = new ArrayList<>();
    for (Map.Entry<String, Tensor> e : params.entrySet()) {
      Tensor t = state.get(e.getKey());
      if (t == null) {
        missing.add(e.getKey());
        if (strict) {
          problems.add("missing key '" + e.getKey() + "'");
        }
      } else if (!Arrays.equals(t.shape(), e.getValue().shape())) {
        problems.add("'" + e.getKey() + "' has shape " + Shapes.toString(t.shape())
            + " but the model expects " + Shapes.toString(e.getValue().shape()));
      }
    }
    for (String k : state.keySet()) {
      if (!params.containsKey(k)) {
        unexpected.add(k);
        if (strict) {
          problems.add("unexpected key '" + k + "'");
        }
      }
    }
    if (!problems.isEmpty()) {
      throw new IllegalArgumentException("cannot load state dict into " + model + ": "
          + String.join("; ", problems) + " (the model is unchanged)");
    }
    for (Map.Entry<String, Tensor> e : params.entrySet()) {
      Tensor p = e.getValue();
      Tensor src = state.get(e.getKey());
      if (src != null) {
        p.device().kernels().copy(src.to(p.device()), p);
      }
    }
    return new IncompatibleKeys(missing, unexpected);
  }
}
