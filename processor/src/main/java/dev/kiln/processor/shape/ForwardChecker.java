package dev.kiln.processor.shape;

import dev.kiln.processor.diag.Code;
import dev.kiln.processor.diag.Reporter;
import dev.kiln.processor.dims.Shape;
import dev.kiln.processor.ir.Op;
import dev.kiln.processor.ir.OpKind;
import dev.kiln.processor.ir.Value;
import dev.kiln.processor.parse.Expr;
import dev.kiln.processor.parse.ModelDecl;
import dev.kiln.processor.parse.Stmt;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import javax.lang.model.element.TypeElement;

/**
 * Infers the shape of every value of the forward body and lowers it to kernel calls; layer
 * {@code apply} calls and loops ({@link ApplyCalls}), masks ({@link MaskArgs}), reshapes,
 * functional layers and nested models ({@link FunctionCalls}), attention ({@link Attention}) and
 * run-time ifs ({@link RuntimeIfs}) are lowered by classes of their own.
 */
final class ForwardChecker {
  private final ModelDecl model;
  private final Reporter report;
  private final Prover prover;
  private final Broadcasting rules;
  private final ValueNames names;
  private final LayerCalls layers;
  private final List<Op> ops = new ArrayList<>();
  private final List<dev.kiln.processor.ir.ModelIr.FunctionLayer> functions = new ArrayList<>();
  private final Map<String, Value> env = new HashMap<>();
  private final Map<String, MultiCalls.Tuple> tuples = new HashMap<>();
  private final TensorOpChecks tensorOps;
  private final Attention attention;
  private final RuntimeIfs ifs;
  private final MaskArgs masks;
  private final ApplyCalls applies;
  private final FunctionCalls calls;

  ForwardChecker(ModelDecl model, Reporter report, Prover prover, ValueNames names,
      Function<TypeElement, Signature> signatures) {
    this.model = model;
    this.report = report;
    this.prover = prover;
    this.rules = new Broadcasting(prover);
    this.names = names;
    this.layers = new LayerCalls(report, prover, new Matcher(prover), names, ops);
    MultiCalls multis = new MultiCalls(prover, new Matcher(prover), names, ops);
    this.tensorOps = new TensorOpChecks(prover, names, ops);
    this.attention = new Attention(prover, names, ops, functions, multis);
    this.ifs = new RuntimeIfs(report, prover, names, ops);
    this.masks = new MaskArgs(prover, names, ops, multis, this::eval);
    this.applies = new ApplyCalls(model, report, names, ops, layers, multis,
        new CollectionCalls(model, report, prover), masks, env, this::eval, this::exec);
    this.calls = new FunctionCalls(model, report, prover, names, ops, functions, signatures,
        this::eval);
  }

  List<Op> ops() {
    return ops;
  }

  /**
   * The Java expressions of the modules whose calls this forward lowers to plain kernels or to
   * several-part calls: hooks on any of them make the generated forward run eagerly.
   */
  List<String> lowered() {
    java.util.Set<String> all = new java.util.LinkedHashSet<>(layers.lowered());
    for (Op op : ops) {
      if (op.kind() == dev.kiln.processor.ir.OpKind.MULTI) {
        all.add(op.target());
      } else if (op.kind() == dev.kiln.processor.ir.OpKind.CHAIN) {
        all.add("dev.kiln.compiled.ListChain.hooked(" + op.target() + ")");
      }
    }
    return List.copyOf(all);
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
        Object v = evalAny(a.value(), a.name());
        if (v == null) {
          return null;
        }
        if (v instanceof MultiCalls.Tuple t) {
          tuples.put(a.name(), t);
        } else {
          env.put(a.name(), (Value) v);
        }
      } else if (s instanceof Stmt.ForEach f) {
        if (!applies.forEach(f)) {
          return null;
        }
      } else if (s instanceof Stmt.IfRuntime t) {
        if (!ifRuntime(t)) {
          return null;
        }
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

  /** A value, or the {@link MultiCalls.Tuple} of a several-output call; null after an error. */
  private Object evalAny(Expr e, String hint) {
    if (e instanceof Expr.Apply a) {
      return applies.apply(a, hint);
    }
    if (e instanceof Expr.Part p) {
      Object o = evalAny(p.of(), null);
      if (o == null) {
        return null;
      }
      if (!(o instanceof MultiCalls.Tuple t)) {
        report.error(Code.SHAPE, p.tree(), "'" + p.of().tree() + "' is a tensor, not the result"
            + " of a several-output layer, so it has no part '" + p.name() + "()'");
        return null;
      }
      int i = t.names().indexOf(p.name());
      if (i < 0) {
        report.error(Code.SHAPE, p.tree(), "'" + t.call() + "' has no output '" + p.name()
            + "'; its outputs are " + t.names());
        return null;
      }
      return t.values().get(i);
    }
    if (e instanceof Expr.Ref r && tuples.containsKey(r.name())) {
      return tuples.get(r.name());
    }
    if (e instanceof Expr.TensorOp t && t.op().equals("attention")) {
      return attention(t, hint);
    }
    if (e instanceof Expr.TensorOp t) {
      Value x = eval(t.x(), null);
      List<Value> others = new ArrayList<>();
      for (Expr o : t.others()) {
        others.add(x == null ? null : eval(o, null));
      }
      return x == null || others.contains(null) ? null : tensorOps.check(t, x, others, hint);
    }
    return eval(e, hint);
  }

  /** {@code F.scaledDotProductAttention(q, k, v[, mask, isCausal])}: see {@link Attention}. */
  private Value attention(Expr.TensorOp t, String hint) {
    Value q = eval(t.x(), null);
    Value k = q == null ? null : eval(t.others().get(0), null);
    Value v = k == null ? null : eval(t.others().get(1), null);
    if (v == null) {
      return null;
    }
    Value mask = null;
    if (t.others().size() > 2 && t.others().get(2) instanceof Expr.MaskOf m) {
      mask = masks.lower(m);
      if (mask == null) {
        return null;
      }
    } else if (t.others().size() > 2 && !(t.others().get(2) instanceof Expr.Absent)) {
      report.error(Code.UNSUPPORTED, t.others().get(2).tree(), "the mask of"
          + " scaledDotProductAttention is a Mask (Mask.causal, Mask.bool, Mask.additive) or null");
      return null;
    }
    return attention.lower(t, q, k, v, mask, hint);
  }

  /** An {@code if} decided at run time: see {@link RuntimeIfs}. */
  private boolean ifRuntime(Stmt.IfRuntime t) {
    return ifs.lower(t, env, this::exec);
  }

  private Value eval(Expr e, String hint) {
    if (e instanceof Expr.Apply || e instanceof Expr.Part || e instanceof Expr.TensorOp
        || (e instanceof Expr.Ref r && tuples.containsKey(r.name()))) {
      Object o = evalAny(e, hint);
      if (o instanceof MultiCalls.Tuple t) {
        report.error(Code.SHAPE, e.tree(), "'" + e.tree() + "' has several outputs " + t.names()
            + "; take one, e.g. '." + t.names().get(0) + "()'");
        return null;
      }
      return (Value) o;
    }
    if (e instanceof Expr.MaskOf || e instanceof Expr.Absent) {
      report.error(Code.UNSUPPORTED, e.tree(), "'" + e.tree() + "' is not a tensor; pass it as"
          + " an argument of a layer that takes a mask");
      return null;
    }
    if (e instanceof Expr.Ref r) {
      return env.get(r.name());
    }
    if (e instanceof Expr.LayerCall c) {
      Value x = eval(c.arg(), null);
      return x == null ? null : layers.call(model.layer(c.field()), x, hint, c);
    }
    if (e instanceof Expr.ModelCall c) {
      return calls.modelCall(c, hint);
    }
    if (e instanceof Expr.Helper h) {
      return helper(h, hint);
    }
    if (e instanceof Expr.LayerFunction f) {
      return calls.function(f, hint);
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
    return calls.reshape((Expr.Reshape) e, hint);
  }

  private Value emit(OpKind kind, String target, List<Value> in, Shape s, String hint, Expr e) {
    Value v = new Value(names.fresh(hint), s, -1, hint != null ? hint : e.tree().toString());
    ops.add(new Op(kind, target, in, v, e.tree().toString()));
    return v;
  }
}
