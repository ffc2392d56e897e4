package dev.kiln.processor.codegen;

import dev.kiln.processor.ir.ModelIr;
import dev.kiln.processor.ir.Op;
import dev.kiln.processor.ir.OpKind;
import dev.kiln.processor.ir.Value;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * Which ops backward must run (those the output depends on) and the Java expression of each
 * value's gradient: {@code dInputs[i]} for an input (null when it needs none), {@code dOut} for
 * an output nothing else reads, else a buffer {@code <name>Grad}. A value computed from inputs
 * by parameterless ops alone (a flatten of the input, say) needs a gradient only when one of
 * those inputs does: its gradient is {@code <name>G}, null unless so, and backward skips it.
 */
final class Grads {
  private final ModelIr ir;
  private final List<Op> live = new ArrayList<>();
  private final Set<String> read = new HashSet<>();
  /** For a value computed without layers or models: the inputs it is computed from. */
  private final Map<String, Set<Integer>> inputsOnly = new HashMap<>();

  Grads(ModelIr ir) {
    this.ir = ir;
    for (int i = 0; i < ir.inputs().size(); i++) {
      inputsOnly.put(ir.inputs().get(i).name(), Set.of(i));
    }
    for (Op op : ir.ops()) {
      if (op.kind() == OpKind.LAYER || op.kind() == OpKind.LINEAR
          || op.kind() == OpKind.MODEL || op.kind() == OpKind.MULTI || op.kind() == OpKind.CHAIN
          || !op.inputs().stream().allMatch(v -> inputsOnly.containsKey(v.name()))) {
        continue;
      }
      Set<Integer> from = new TreeSet<>();
      op.inputs().forEach(v -> from.addAll(inputsOnly.get(v.name())));
      inputsOnly.put(op.output().name(), from);
    }
    Set<String> needed = new HashSet<>(Set.of(ir.output().name()));
    for (int i = ir.ops().size() - 1; i >= 0; i--) {
      Op op = ir.ops().get(i);
      if (op.outputs().stream().anyMatch(v -> needed.contains(v.name()))) {
        live.add(op);
        for (int j = 0; j < op.inputs().size(); j++) {
          if (op.differentiable(j)) {
            needed.add(op.inputs().get(j).name());
            read.add(op.inputs().get(j).name());
          }
        }
      }
    }
  }

  /** The live ops in backward (reverse) order. */
  List<Op> backwardOrder() {
    return Collections.unmodifiableList(live);
  }

  /** True when {@code v} gets a gradient buffer of its own. */
  boolean hasBuffer(Value v) {
    return !v.isInput() && read.contains(v.name());
  }

  String of(Value v) {
    if (v.isInput()) {
      return "dInputs[" + v.input() + "]";
    }
    return hasBuffer(v) ? v.name() + (conditional(v) ? "G" : "Grad") : "dOut";
  }

  /**
   * The gradient of one output of a several-output op: its buffer, {@code dOut} for the model's
   * output, or {@code null} when nothing reads it.
   */
  String ofOutput(Value v) {
    return hasBuffer(v) ? of(v) : v == ir.output() ? "dOut" : "null";
  }

  /** True when the gradient may be null at run time (no input it comes from needs one). */
  boolean nullable(Value v) {
    return v.isInput() || conditional(v);
  }

  /** True for a buffered value computed from inputs by parameterless ops alone. */
  boolean conditional(Value v) {
    return hasBuffer(v) && inputsOnly.containsKey(v.name());
  }

  /** When a {@link #conditional} value needs its gradient: one of its inputs needs one. */
  String condition(Value v) {
    String any = inputsOnly.get(v.name()).stream().map(i -> "dInputs[" + i + "] != null")
        .collect(Collectors.joining(" || "));
    return any.isEmpty() ? "false" : any;
  }

  /** True when backward starts by adding {@code dOut} into the output's own gradient. */
  boolean seedsOutput() {
    return ir.output().isInput() || hasBuffer(ir.output());
  }
}
