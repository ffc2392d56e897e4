package dev.kiln.processor.shape;

import dev.kiln.processor.diag.Code;
import dev.kiln.processor.diag.Reporter;
import dev.kiln.processor.dims.Dim;
import dev.kiln.processor.dims.Pattern;
import dev.kiln.processor.dims.Shape;
import dev.kiln.processor.ir.Op;
import dev.kiln.processor.ir.OpKind;
import dev.kiln.processor.ir.Value;
import dev.kiln.processor.parse.Expr;
import dev.kiln.processor.parse.LayerDecl;
import dev.kiln.processor.parse.LayerSpec;
import dev.kiln.processor.parse.ModelDecl;
import dev.kiln.processor.parse.Stmt;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import javax.lang.model.element.TypeElement;

/** Infers the shape of every value of the forward body and lowers it to kernel calls. */
final class ForwardChecker {
  private final ModelDecl model;
  private final Reporter report;
  private final Prover prover;
  private final Broadcasting rules;
  private final ValueNames names;
  private final LayerCalls layers;
  private final Function<TypeElement, Signature> signatures;
  private final List<Op> ops = new ArrayList<>();
  private final List<dev.kiln.processor.ir.ModelIr.FunctionLayer> functions = new ArrayList<>();
  private final Map<String, Value> env = new HashMap<>();

  ForwardChecker(ModelDecl model, Reporter report, Prover prover, ValueNames names,
      Function<TypeElement, Signature> signatures) {
    this.model = model;
    this.report = report;
    this.prover = prover;
    this.rules = new Broadcasting(prover);
    this.names = names;
    this.layers = new LayerCalls(report, prover, new Matcher(prover), names, ops);
    this.signatures = signatures;
  }

  List<Op> ops() {
    return ops;
  }

  /** The layers the generated class holds for functional calls. */
  List<dev.kiln.processor.ir.ModelIr.FunctionLayer> functions() {
    return functions;
  }

  /** The returned value, or null after reporting the first shape error. */
  Value run(List<Value> inputs) {
    inputs.forEach(v -> env.put(v.name(), v));
    return exec(model.body());
  }

  /** Runs statements; the returned value, or null (no return, or after an error). */
  private Value exec(List<Stmt> body) {
    for (Stmt s : body) {
      if (s instanceof Stmt.Assign a) {
        Value v = eval(a.value(), a.name());
        if (v == null) {
          return null;
        }
        env.put(a.name(), v);
      } else if (s instanceof Stmt.Repeat r) {
        for (int i = 0; i < r.count(); i++) {
          int before = report.errors();
          exec(r.body());
          if (report.errors() > before) {
            return null;
          }
        }
      } else if (s instanceof Stmt.Return r) {
        return eval(r.value(), null);
      }
    }
    return null;
  }

  /** Inlines a helper: its parameters bound to the arguments' values, in a scope of its own. */
  private Value helper(Expr.Helper h, String hint) {
    List<Value> args = new ArrayList<>();
    for (Expr a : h.args()) {
      Value v = eval(a, null);
      if (v == null) {
        return null;
      }
      args.add(v);
    }
    Map<String, Value> saved = new HashMap<>(env);
    env.clear();
    for (int i = 0; i < args.size(); i++) {
      env.put(h.params().get(i), args.get(i));
    }
    Value out = exec(h.body());
    env.clear();
    env.putAll(saved);
    return out;
  }

  private Value eval(Expr e, String hint) {
    if (e instanceof Expr.Ref r) {
      return env.get(r.name());
    }
    if (e instanceof Expr.LayerCall c) {
      Value x = eval(c.arg(), null);
      return x == null ? null : layers.call(model.layer(c.field()), x, hint, c);
    }
    if (e instanceof Expr.ModelCall c) {
      return modelCall(c, hint);
    }
    if (e instanceof Expr.Helper h) {
      return helper(h, hint);
    }
    if (e instanceof Expr.LayerFunction f) {
      return function(f, hint);
    }
    if (e instanceof Expr.Activation a) {
      Value x = eval(a.arg(), null);
      return x == null ? null : emit(OpKind.ACTIVATION, a.function(), List.of(x), x.shape(), hint, e);
    }
    if (e instanceof Expr.Binary b) {
      Value x = eval(b.left(), null);
      Value y = x == null ? null : eval(b.right(), null);
      if (y == null) {
        return null;
      }
      String msg = "cannot " + b.op() + " " + LayerCalls.describe(x) + " and "
          + LayerCalls.describe(y);
      boolean mm = b.op().equals("matmul");
      Shape s = mm ? rules.matmul(x.shape(), y.shape(), msg, b.tree())
          : rules.broadcast(x.shape(), y.shape(), msg, b.tree());
      return s == null ? null : emit(mm ? OpKind.MATMUL : OpKind.BINARY,
          b.op().toUpperCase(Locale.ROOT), List.of(x, y), s, hint, e);
    }
    if (e instanceof Expr.Flatten f) {
      Value x = eval(f.arg(), null);
      Shape s = x == null ? null : Broadcasting.flatten(x.shape(), f.start(), f.end());
      if (x != null && s == null) {
        prover.fail("flatten(" + f.start() + ", " + f.end() + ") is out of range for "
            + LayerCalls.describe(x), f.tree());
      }
      return s == null ? null : emit(OpKind.COPY, "flatten", List.of(x), s, hint, e);
    }
    return reshape((Expr.Reshape) e, hint);
  }

  /** {@code F.softmax(x, 1)}: a layer-computed op, same shape out; a dim must be in range. */
  private Value function(Expr.LayerFunction f, String hint) {
    Value x = eval(f.arg(), null);
    if (x == null) {
      return null;
    }
    if (f.function().endsWith("oftmax")) {
      int rank = x.shape().rank();
      int dim = f.args().isEmpty() ? Integer.MIN_VALUE : Integer.parseInt(f.args().get(0));
      if (dim < -rank || dim >= rank) {
        prover.fail(f.function() + "(" + x.source() + ", " + (f.args().isEmpty() ? "" : f.args()
            .get(0)) + "): dimension out of range for " + LayerCalls.describe(x)
            + " (expected in [" + -rank + ", " + (rank - 1) + "])", f.tree());
        return null;
      }
    }
    String field = names.fresh(f.function());
    functions.add(new dev.kiln.processor.ir.ModelIr.FunctionLayer(field, f.layerClass(),
        f.args()));
    return emit(OpKind.LAYER, field, List.of(x), x.shape(), hint, f);
  }

  private Value reshape(Expr.Reshape r, String hint) {
    Value x = eval(r.arg(), null);
    if (x == null) {
      return null;
    }
    Dim total = Broadcasting.numel(x.shape().dims());
    long known = 1;
    int unknown = -1;
    for (int i = 0; i < r.dims().size(); i++) {
      long d = r.dims().get(i).constant();
      if (d == -1 && unknown < 0) {
        unknown = i;
      } else if (d > 0) {
        known *= d;
      } else {
        prover.fail("cannot reshape " + LayerCalls.describe(x) + " to " + r.dims() + ": sizes"
            + " must be positive, with at most one -1", r.tree());
        return null;
      }
    }
    String msg = "cannot reshape " + LayerCalls.describe(x) + " to " + r.dims();
    List<Dim> out = new ArrayList<>(r.dims());
    if (unknown >= 0) {
      Dim inferred = total.dividedBy(known);
      if (inferred == null) {
        prover.fail(msg + ": " + total + " elements are not divisible by " + known, r.tree());
        return null;
      }
      out.set(unknown, inferred);
    } else if (!prover.equal(total, Dim.of(known), msg + " (" + total + " vs " + known
        + " elements)", r.tree())) {
      return null;
    }
    return emit(OpKind.COPY, "reshape", List.of(x), new Shape(out), hint, r);
  }

  private Value modelCall(Expr.ModelCall c, String hint) {
    LayerDecl layer = model.layer(c.field());
    LayerSpec.Model spec = (LayerSpec.Model) layer.spec();
    Signature sig = signatures.apply(spec.type());
    if (sig == null) {
      report.error(Code.LAYER, c.tree(), "the shapes of nested model "
          + spec.type().getSimpleName() + " are unknown, so '" + c.field() + "' cannot be"
          + " checked: fix its errors, do not nest models in a cycle, and if it comes from a jar,"
          + " compile that jar with Kiln's processor (its Kiln class carries the shapes)");
      return null;
    }
    if (sig.inputs().size() != c.args().size()) {
      report.error(Code.SHAPE, c.tree(), c.field() + ".forward takes " + sig.inputs().size()
          + " inputs but is given " + c.args().size());
      return null;
    }
    Map<String, Dim> bound = new HashMap<>();
    for (int i = 0; i < sig.params().size() && i < spec.args().size(); i++) {
      if (spec.args().get(i) != null) {
        bound.put(sig.params().get(i), spec.args().get(i));
      }
    }
    Matcher matcher = new Matcher(prover);
    List<Value> in = new ArrayList<>();
    for (int i = 0; i < c.args().size(); i++) {
      Value x = eval(c.args().get(i), null);
      Pattern p = sig.inputs().get(i);
      if (x == null || matcher.bind(p, bound, x.shape(), c.field() + " = " + spec.text()
          + " expects input " + i + " of shape " + Matcher.expected(p, bound) + " but "
          + LayerCalls.describe(x), c.tree()) == null) {
        return null;
      }
      in.add(x);
    }
    Shape out = Matcher.output(new Pattern(false, sig.output().dims()), bound, List.of());
    for (Dim d : out.dims()) {
      if (d.symbols().stream().anyMatch(sig.params()::contains)) {
        report.error(Code.LAYER, spec.tree(), "the sizes of " + spec.text() + " must be integer"
            + " constants or constructor parameters so that its output shape is known");
        return null;
      }
    }
    return emit(OpKind.MODEL, c.field(), in, out, hint, c);
  }

  private Value emit(OpKind kind, String target, List<Value> in, Shape s, String hint, Expr e) {
    Value v = new Value(names.fresh(hint), s, -1, hint != null ? hint : e.tree().toString());
    ops.add(new Op(kind, target, in, v, e.tree().toString()));
    return v;
  }
}
