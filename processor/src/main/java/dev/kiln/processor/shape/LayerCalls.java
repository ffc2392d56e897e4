package dev.kiln.processor.shape;

import com.sun.source.tree.ExpressionTree;
import com.sun.source.tree.NewClassTree;
import com.sun.source.tree.Tree;
import dev.kiln.processor.diag.Reporter;
import dev.kiln.processor.dims.Dim;
import dev.kiln.processor.dims.Shape;
import dev.kiln.processor.ir.Op;
import dev.kiln.processor.ir.OpKind;
import dev.kiln.processor.ir.Value;
import dev.kiln.processor.parse.Expr;
import dev.kiln.processor.parse.LayerDecl;
import dev.kiln.processor.parse.Kinds;
import dev.kiln.processor.parse.LayerSpec;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Checks and lowers calls of one-input layers, expanding a {@code Sequential} element-wise. */
final class LayerCalls {
  private final Reporter report;
  private final Prover prover;
  private final Matcher matcher;
  private final ValueNames names;
  private final List<Op> ops;

  LayerCalls(Reporter report, Prover prover, Matcher matcher, ValueNames names, List<Op> ops) {
    this.report = report;
    this.prover = prover;
    this.matcher = matcher;
    this.names = names;
    this.ops = ops;
  }

  /** How a value reads in a message: {@code h has shape (B, 8)}. */
  static String describe(Value v) {
    return v.source() + " has shape " + v.shape();
  }

  Value call(LayerDecl layer, Value x, String hint, Expr.LayerCall c) {
    String where = layer.name() + " = " + layer.spec().text() + " (line "
        + report.line(layer.declaration()) + ")";
    return apply(layer.spec(), layer.name(), x, hint, where, describe(x), c.tree(), c.tree().toString());
  }

  /** Applies one layer spec to {@code x}; {@code target} is the Java expression of the layer. */
  private Value apply(LayerSpec spec, String target, Value x, String hint, String where,
      String got, Tree at, String source) {
    if (spec instanceof LayerSpec.Sequential seq) {
      return sequential(seq, target, x, hint, where);
    }
    Shape out;
    if (spec instanceof LayerSpec.Flatten f) {
      out = Broadcasting.flatten(x.shape(), f.start(), f.end());
      if (out == null) {
        prover.fail(where + " is out of range for " + got, at);
      }
    } else {
      LayerSpec.Contract k = (LayerSpec.Contract) spec;
      Map<String, Dim> bound = new HashMap<>(k.args());
      String msg = where + " expects input " + Matcher.expected(k.input(), k.args()) + " but "
          + got + fix(k, x.shape());
      List<Dim> lead = matcher.bind(k.input(), bound, x.shape(), msg, at);
      out = lead == null ? null : Matcher.output(k.output(), bound, lead);
    }
    if (out == null) {
      return null;
    }
    Value v = new Value(names.fresh(hint), out, -1, hint != null ? hint : source);
    // Built-in parameterless layers become plain ops (a Flatten a copy, ReLU relu, ...), so
    // that backward knows they hold no parameters and codegen can fuse them.
    OpKind kind = OpKind.LAYER;
    String call = target;
    if (spec instanceof LayerSpec.Flatten) {
      kind = OpKind.COPY;
    } else if (spec instanceof LayerSpec.Contract k && Kinds.activation(k.type()) != null) {
      kind = OpKind.ACTIVATION;
      call = Kinds.activation(k.type());
    } else if (spec instanceof LayerSpec.Contract k && k.type().equals(Kinds.LINEAR)) {
      kind = OpKind.LINEAR;
    }
    ops.add(new Op(kind, call, List.of(x), v, source));
    return v;
  }

  private Value sequential(LayerSpec.Sequential seq, String target, Value x, String hint,
      String where) {
    Value v = x;
    String got = describe(x);
    for (int i = 0; i < seq.elements().size(); i++) {
      LayerSpec el = seq.elements().get(i);
      String elTarget = target + ".get(" + i + ")";
      String elWhere = display(target) + "[" + i + "] = " + el.text();
      boolean last = i == seq.elements().size() - 1;
      String base = target.replaceAll("\\W", "") + i;
      v = apply(el, el instanceof LayerSpec.Sequential ? "((Sequential) " + elTarget + ")" : elTarget,
          v, last ? hint : base, elWhere, got, el.tree(), display(target) + "[" + i + "]");
      if (v == null) {
        return null;
      }
      got = display(target) + "[" + i + "] = " + el.text() + " outputs " + v.shape();
    }
    return v;
  }

  /** {@code network.get(1)} as the user reads it: {@code network[1]}. */
  private static String display(String target) {
    return target.replaceAll("\\(\\(Sequential\\) ", "").replaceAll("\\.get\\((\\d+)\\)\\)?", "[$1]");
  }

  /** A suggested fix for a layer whose last input size is one of its arguments. */
  private static String fix(LayerSpec.Contract k, Shape actual) {
    if (k.input().dims().isEmpty() || actual.rank() == 0
        || !(k.tree() instanceof NewClassTree n)) {
      return "";
    }
    String sym = k.input().dims().get(k.input().dims().size() - 1).asSymbol();
    int index = sym == null ? -1 : k.argNames().indexOf(sym);
    if (index < 0 || index >= n.getArguments().size()) {
      return "";
    }
    List<String> args = new ArrayList<>();
    for (ExpressionTree a : n.getArguments()) {
      args.add(a.toString());
    }
    args.set(index, actual.get(actual.rank() - 1).toString());
    String type = k.text().substring(0, k.text().indexOf('('));
    return "; to accept it, create " + type + "(" + String.join(", ", args) + ")";
  }
}
