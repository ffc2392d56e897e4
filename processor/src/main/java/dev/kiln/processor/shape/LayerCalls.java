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
import dev.kiln.processor.dims.Pattern;
import dev.kiln.processor.parse.Condition;
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
  /** Modules whose calls become plain kernels (their hooks make the forward run eagerly). */
  private final java.util.Set<String> lowered = new java.util.LinkedHashSet<>();

  LayerCalls(Reporter report, Prover prover, Matcher matcher, ValueNames names, List<Op> ops) {
    this.report = report;
    this.prover = prover;
    this.matcher = matcher;
    this.names = names;
    this.ops = ops;
  }

  /** The Java expressions of the modules lowered to plain kernels, in order of first call. */
  java.util.Set<String> lowered() {
    return lowered;
  }

  /** How a value reads in a message: {@code h has shape (B, 8)}. */
  static String describe(Value v) {
    return v.source() + " has shape " + v.shape();
  }

  Value call(LayerDecl layer, Value x, String hint, Expr.LayerCall c) {
    String where = layer.name() + " = " + layer.spec().text() + " (line "
        + report.line(layer.declaration()) + ")";
    return apply(layer.spec(), layer.name(), x, hint, where, explain(x), c.tree(), c.tree().toString());
  }

  /** Applies one layer spec to {@code x}; {@code target} is the Java expression of the layer. */
  Value apply(LayerSpec spec, String target, Value x, String hint, String where,
      String got, Tree at, String source) {
    if (spec instanceof LayerSpec.Sequential seq) {
      lowered.add(target);
      return sequential(seq, target, x, hint, where);
    }
    Shape out;
    if (spec instanceof LayerSpec.Flatten f) {
      out = Broadcasting.flatten(x.shape(), f.start(), f.end());
      if (out == null) {
        prover.fail(where + " is out of range for " + got, at);
      }
    } else if (spec instanceof LayerSpec.Unflatten u) {
      out = unflatten(u, x, where, got, at);
    } else {
      out = contract((LayerSpec.Contract) spec, x, where, got, at);
    }
    if (out == null) {
      return null;
    }
    Value v = new Value(names.fresh(hint), out, -1, hint != null ? hint : source);
    // Built-in parameterless layers become plain ops (a Flatten a copy, ReLU relu, ...), so
    // that backward knows they hold no parameters and codegen can fuse them.
    OpKind kind = OpKind.LAYER;
    String call = target;
    if (spec instanceof LayerSpec.Flatten || spec instanceof LayerSpec.Unflatten) {
      kind = OpKind.COPY;
    } else if (spec instanceof LayerSpec.Contract k && Kinds.activation(k.type()) != null) {
      kind = OpKind.ACTIVATION;
      call = Kinds.activation(k.type());
    } else if (spec instanceof LayerSpec.Contract k && k.type().equals(Kinds.LINEAR)) {
      kind = OpKind.LINEAR;
    }
    if (kind == OpKind.COPY || kind == OpKind.ACTIVATION) {
      lowered.add(target);
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

  private Shape contract(LayerSpec.Contract k, Value x, String where, String got, Tree at) {
    Map<String, Dim> bound = new HashMap<>(k.args());
    String msg = where + " expects input " + Matcher.expected(k.input(), k.args()) + " but "
        + got + fix(k, x);
    List<Dim> captured = matcher.bind(k.input(), bound, x.shape(), msg, at);
    if (captured == null) {
      return null;
    }
    for (Condition c : k.requires()) {
      if (!prover.holds(c.left().substitute(bound::get), c.op(), c.right().substitute(bound::get),
          where + ": " + c.message() + " (" + c.source() + values(c, bound) + ")", at)) {
        return null;
      }
    }
    Shape out = Matcher.output(k.output(), bound, captured);
    for (Dim d : k.output().dims()) {
      if (d.isConstant() || d.asSymbol() != null) {
        continue; // a size the layer's own constructor validates
      }
      Dim size = d.substitute(bound::get);
      if (!prover.holds(size, ">=", Dim.of(1), where + " computes output size " + size
          + " < 1 for " + got + ": its kernel is larger than the (padded) input", at)) {
        return null;
      }
    }
    return out;
  }

  /** {@code ", with inChannels = 30, groups = 4"}: the condition's names and their values. */
  private static String values(Condition c, Map<String, Dim> bound) {
    List<String> parts = new ArrayList<>();
    java.util.Set<String> names = new java.util.TreeSet<>(c.left().symbols());
    names.addAll(c.right().symbols());
    for (String n : names) {
      if (bound.containsKey(n)) {
        parts.add(n + " = " + bound.get(n));
      }
    }
    return parts.isEmpty() ? "" : ", with " + String.join(", ", parts);
  }

  private Shape unflatten(LayerSpec.Unflatten u, Value x, String where, String got, Tree at) {
    int rank = x.shape().rank();
    int d = u.dim() < 0 ? u.dim() + rank : u.dim();
    if (d < 0 || d >= rank) {
      prover.fail(where + " has dimension " + u.dim() + " out of range for " + got, at);
      return null;
    }
    Dim product = Broadcasting.numel(u.sizes());
    if (!prover.equal(product, x.shape().get(d), where + " splits dimension " + d + " into "
        + u.sizes() + " = " + product + " elements but " + got, at)) {
      return null;
    }
    List<Dim> out = new ArrayList<>(x.shape().dims());
    out.remove(d);
    out.addAll(d, u.sizes());
    return new Shape(out);
  }

  /**
   * How a value reads in a message, saying where a flattened size came from: {@code h has shape
   * (B, 400), flattened from (B, 16, 5, 5): 16*5*5 = 400}.
   */
  private String explain(Value x) {
    Op made = origin(x);
    if (made == null) {
      return describe(x);
    }
    Shape from = made.inputs().get(0).shape();
    String product = flattenedProduct(made, x);
    return describe(x) + ", flattened from " + from + (product == null ? "" : ": " + product);
  }

  /** The flatten that made {@code x}, or null. */
  private Op origin(Value x) {
    for (Op op : ops) {
      if (op.output() == x && op.kind() == OpKind.COPY
          && op.inputs().get(0).shape().rank() > x.shape().rank()) {
        return op;
      }
    }
    return null;
  }

  /** {@code 16*5*5 = 400} for the merged dimensions of a flatten, or null. */
  private static String flattenedProduct(Op made, Value x) {
    Shape from = made.inputs().get(0).shape();
    int merged = from.rank() - x.shape().rank() + 1;
    for (int start = 0; start + merged <= from.rank(); start++) {
      List<Dim> part = from.dims().subList(start, start + merged);
      Dim total = Broadcasting.numel(part);
      List<String> f = part.stream().filter(d -> !Prover.isOne(d)).map(Dim::toString)
          .map(t -> t.contains(" ") ? "(" + t + ")" : t).toList();
      if (total.equals(x.shape().get(start)) && total.isConstant() && f.size() > 1) {
        return String.join("*", f) + " = " + total;
      }
    }
    return null;
  }

  /** A suggested fix: the arguments with the input's actual sizes where a size is an argument. */
  private String fix(LayerSpec.Contract k, Value x) {
    Shape actual = x.shape();
    Pattern in = k.input();
    Tree t = k.tree();
    while (t instanceof com.sun.source.tree.MethodInvocationTree m
        && m.getMethodSelect() instanceof com.sun.source.tree.MemberSelectTree s) {
      t = s.getExpression();
    }
    if (!(t instanceof NewClassTree n) || (in.star() ? actual.rank() < in.dims().size()
        : actual.rank() != in.dims().size())) {
      return "";
    }
    List<String> args = new ArrayList<>();
    for (ExpressionTree a : n.getArguments()) {
      args.add(a.toString());
    }
    boolean changed = false;
    int lead = actual.rank() - in.dims().size();
    int at0 = in.star() ? in.starAt() : in.dims().size();
    for (int i = 0; i < in.dims().size(); i++) {
      String sym = in.dims().get(i).asSymbol();
      int index = sym == null ? -1 : k.argNames().indexOf(sym);
      Dim a = actual.get(i < at0 ? i : lead + i);
      if (index >= 0 && index < args.size() && !a.equals(k.args().get(sym))) {
        if (!prover.constructorSize(a)) {
          return "";
        }
        Op made = origin(x);
        String product = made != null && i == in.dims().size() - 1 ? flattenedProduct(made, x) : null;
        args.set(index, product != null ? product.substring(0, product.indexOf(" = "))
            .replace("*", " * ") : a.toString());
        changed = true;
      }
    }
    String type = k.text().substring(0, k.text().indexOf('('));
    String created = n.toString().replaceFirst("^new\\s+", "").replaceAll("\\s+", " ");
    String options = k.text().startsWith(created) ? k.text().substring(created.length()) : "";
    return changed ? "; to accept it, create " + type + "(" + String.join(", ", args) + ")"
        + options : "";
  }
}
