package dev.kiln.processor.codegen;

import dev.kiln.processor.ir.ModelIr;
import dev.kiln.processor.ir.Op;
import dev.kiln.processor.ir.Value;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Which ops backward must run (those the output depends on) and the Java expression of each
 * value's gradient: {@code dInputs[i]} for an input (null when it needs none), {@code dOut} for
 * an output nothing else reads, else a buffer {@code <name>Grad}.
 */
final class Grads {
  private final ModelIr ir;
  private final List<Op> live = new ArrayList<>();
  private final Set<String> read = new HashSet<>();

  Grads(ModelIr ir) {
    this.ir = ir;
    Set<String> needed = new HashSet<>(Set.of(ir.output().name()));
    for (int i = ir.ops().size() - 1; i >= 0; i--) {
      Op op = ir.ops().get(i);
      if (needed.contains(op.output().name())) {
        live.add(op);
        op.inputs().forEach(v -> needed.add(v.name()));
        op.inputs().forEach(v -> read.add(v.name()));
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
    return hasBuffer(v) ? v.name() + "Grad" : "dOut";
  }

  /** True when the gradient may be null at run time (an input that needs no gradient). */
  static boolean nullable(Value v) {
    return v.isInput();
  }

  /** True when backward starts by adding {@code dOut} into the output's own gradient. */
  boolean seedsOutput() {
    return ir.output().isInput() || hasBuffer(ir.output());
  }
}
