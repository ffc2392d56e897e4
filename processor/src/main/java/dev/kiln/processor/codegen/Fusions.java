package dev.kiln.processor.codegen;

import dev.kiln.processor.ir.ModelIr;
import dev.kiln.processor.ir.Op;
import dev.kiln.processor.ir.OpKind;
import dev.kiln.processor.ir.Value;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Linear layers fused with the activation that follows them: when a {@code Linear}'s output is
 * read only by a relu, tanh or sigmoid, the layer writes straight into the activation's buffer
 * and the activation runs in place there, so the pre-activation needs no buffer of its own; a
 * relu is applied by the layer's own kernel as it writes ({@code forwardReluInto}), so the
 * output is not read back. Backward is unchanged but for reading the activation's output:
 * relu's derivative is the same from its output, tanh's and sigmoid's are computed from it, and
 * Linear's backward reads only its input.
 */
final class Fusions {
  private final Map<String, String> into = new HashMap<>();
  private final Set<String> relus = new HashSet<>();

  Fusions(ModelIr ir) {
    Map<String, Integer> reads = new HashMap<>();
    ir.ops().forEach(op -> op.inputs().forEach(v -> reads.merge(v.name(), 1, Integer::sum)));
    List<Op> ops = ir.ops();
    for (int i = 0; i + 1 < ops.size(); i++) {
      Op layer = ops.get(i);
      Op act = ops.get(i + 1);
      Value t = layer.output();
      if (layer.kind() == OpKind.LINEAR && act.kind() == OpKind.ACTIVATION
          && act.inputs().get(0) == t && reads.get(t.name()) == 1 && t != ir.output()) {
        into.put(t.name(), act.output().name());
        if (act.target().equals("relu")) {
          relus.add(t.name());
          relus.add(act.output().name());
        }
      }
    }
  }

  /** The buffer holding {@code v}'s value: the activation's for a fused Linear's output. */
  String value(Value v) {
    return into.getOrDefault(v.name(), v.name());
  }

  /**
   * True for a fused Linear's output, and the relu's, when the Linear's kernel applies the relu
   * as it writes: the relu's own forward call is dropped.
   */
  boolean reluApplied(Value v) {
    return relus.contains(v.name());
  }

  /** True when {@code v} lives in another value's buffer and gets none of its own. */
  boolean fused(Value v) {
    return into.containsKey(v.name());
  }
}
