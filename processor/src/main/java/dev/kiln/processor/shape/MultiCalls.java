package dev.kiln.processor.shape;

import com.sun.source.tree.Tree;
import dev.kiln.processor.dims.Dim;
import dev.kiln.processor.dims.Shape;
import dev.kiln.processor.ir.Op;
import dev.kiln.processor.ir.OpKind;
import dev.kiln.processor.ir.Value;
import dev.kiln.processor.parse.Condition;
import dev.kiln.processor.parse.LayerSpec;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Checks and lowers calls of several-input or several-output layers ({@code MultiModule}):
 * every input part is matched with symbols shared across parts, so a mask of shape
 * {@code (T, T)} given to a query of length {@code B} is an error at the call.
 */
final class MultiCalls {
  /** The outputs of one call, by part name, in the layer's order. */
  record Tuple(List<String> names, List<Value> values, String call) {}

  /** An argument of the call: its value (null for an absent optional input), and if a mask. */
  record Arg(Value value, boolean mask) {}

  private final Prover prover;
  private final Matcher matcher;
  private final ValueNames names;
  private final List<Op> ops;

  MultiCalls(Prover prover, Matcher matcher, ValueNames names, List<Op> ops) {
    this.prover = prover;
    this.matcher = matcher;
    this.names = names;
    this.ops = ops;
  }

  /** The output (one-output layers) or the {@link Tuple}, or null after reporting. */
  Object call(LayerSpec.Contract k, String target, String where, List<Arg> args, String hint,
      Tree at, String source) {
    List<LayerSpec.Part> parts = k.inputs();
    if (args.size() > parts.size()) {
      prover.fail(where + " takes at most " + parts.size() + " inputs " + partNames(parts)
          + " but is given " + args.size(), at);
      return null;
    }
    Map<String, Dim> bound = new HashMap<>(k.args());
    List<Dim> captured = List.of();
    List<Value> in = new ArrayList<>();
    List<Integer> slots = new ArrayList<>();
    List<Boolean> noGrad = new ArrayList<>();
    for (int i = 0; i < parts.size(); i++) {
      LayerSpec.Part p = parts.get(i);
      Arg a = i < args.size() ? args.get(i) : null;
      if (a == null || a.value() == null) {
        if (!p.optional()) {
          prover.fail(where + " needs its input '" + p.name() + "' " + Matcher.expected(p.shape(),
              bound), at);
          return null;
        }
        continue;
      }
      List<Dim> c = matcher.bind(p.shape(), bound, a.value().shape(), where + " expects "
          + p.name() + " " + Matcher.expected(p.shape(), bound) + " but " + LayerCalls.describe(
          a.value()), at);
      if (c == null) {
        return null;
      }
      captured = i == 0 ? c : captured;
      in.add(a.value());
      slots.add(i);
      noGrad.add(a.mask());
    }
    for (Condition c : k.requires()) {
      if (!prover.holds(c.left().substitute(bound::get), c.op(), c.right().substitute(bound::get),
          where + ": " + c.message() + " (" + c.source() + ")", at)) {
        return null;
      }
    }
    List<Value> outs = new ArrayList<>();
    List<String> outNames = new ArrayList<>();
    for (LayerSpec.Part p : k.outputs()) {
      Shape s = Matcher.output(p.shape(), bound, captured);
      String h = k.outputs().size() == 1 ? hint : (hint == null ? p.name() : hint + "_" + p.name());
      outs.add(new Value(names.fresh(h), s, -1, h != null ? h : source));
      outNames.add(p.name());
    }
    ops.add(new Op(OpKind.MULTI, target, in, outs.get(0), source,
        new Op.Parts(outs, outNames, slots, parts.size(), noGrad)));
    return outs.size() == 1 ? outs.get(0) : new Tuple(outNames, outs, source);
  }

  /** The causal mask {@code (n, n)}, made once per plan. */
  Value causal(Dim n, String hint, String source) {
    Value v = new Value(names.fresh(hint == null ? "causalMask" : hint), new Shape(List.of(n, n)),
        -1, source);
    ops.add(new Op(OpKind.CAUSAL_MASK, n.render(s -> s), List.of(), v, source));
    return v;
  }

  private static String partNames(List<LayerSpec.Part> parts) {
    return "(" + String.join(", ", parts.stream().map(p -> p.name() + (p.optional() ? "?" : ""))
        .toList()) + ")";
  }
}
