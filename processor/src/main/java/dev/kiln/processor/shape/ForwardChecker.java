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
  private final Map<String, MultiCalls.Tuple> tuples = new HashMap<>();
  private final Map<String, String> loopField = new HashMap<>();
  private final Map<String, Integer> loopIndex = new HashMap<>();
  private final MultiCalls multis;
  private final CollectionCalls collections;
  private final TensorOpChecks tensorOps;
  private final Attention attention;
  private final RuntimeIfs ifs;

  ForwardChecker(ModelDecl model, Reporter report, Prover prover, ValueNames names,
      Function<TypeElement, Signature> signatures) {
    this.model = model;
    this.report = report;
    this.prover = prover;
    this.rules = new Broadcasting(prover);
    this.names = names;
    this.layers = new LayerCalls(report, prover, new Matcher(prover), names, ops);
    this.signatures = signatures;
    this.multis = new MultiCalls(prover, new Matcher(prover), names, ops);
    this.collections = new CollectionCalls(model, report, prover);
    this.tensorOps = new TensorOpChecks(prover, names, ops);
    this.attention = new Attention(prover, names, ops, functions, multis);
    this.ifs = new RuntimeIfs(report, prover, names, ops);
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
        if (!forEach(f)) {
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
      CollectionCalls.Target t = collections.resolve(a, loopField.get(a.layer()),
          loopIndex.get(a.layer()));
      List<MultiCalls.Arg> args = t == null ? null : args(a.args());
      return args == null ? null : applyTo(t, args, hint, a);
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

  private Object applyTo(CollectionCalls.Target t, List<MultiCalls.Arg> args, String hint,
      Expr.Apply a) {
    if (t.spec() instanceof LayerSpec.Contract k && k.multi()) {
      return multis.call(k, t.code(), t.where(), args, hint, a.tree(), a.tree().toString());
    }
    if (args.size() != 1 || args.get(0).value() == null || args.get(0).mask()) {
      report.error(Code.SHAPE, a.tree(), t.where() + " takes one tensor, not " + args.size()
          + " arguments");
      return null;
    }
    Value x = args.get(0).value();
    return layers.apply(t.spec(), t.code(), x, hint, t.where(), LayerCalls.describe(x), a.tree(),
        a.tree().toString());
  }

  /** The arguments of a layer call: tensors, masks, or absent optional inputs. */
  private List<MultiCalls.Arg> args(List<Expr> exprs) {
    List<MultiCalls.Arg> out = new ArrayList<>();
    for (Expr e : exprs) {
      if (e instanceof Expr.Absent) {
        out.add(new MultiCalls.Arg(null, false));
        continue;
      }
      Value v = e instanceof Expr.MaskOf m ? mask(m) : eval(e, null);
      if (v == null) {
        return null;
      }
      out.add(new MultiCalls.Arg(v, e instanceof Expr.MaskOf));
    }
    return out;
  }

  private Value mask(Expr.MaskOf m) {
    if (m.kind().equals("additive")) {
      return eval(m.of(), null);
    }
    if (m.kind().equals("bool")) {
      Value b = eval(m.of(), null);
      if (b == null) {
        return null;
      }
      String src = m.tree().toString();
      Value zero = new Value(names.fresh("boolMask"), b.shape(), -1, src);
      ops.add(new Op(OpKind.SCALE, "0f, 0f", List.of(b), zero, src));
      Value v = new Value(names.fresh("boolMask"), b.shape(), -1, src);
      ops.add(new Op(OpKind.MASKED_FILL, "Float.NEGATIVE_INFINITY", List.of(zero, b), v, src,
          new Op.Parts(List.of(v), List.of("output"), List.of(0, 1), 2, List.of(false, true))));
      return v;
    }
    Dim n = m.constant();
    if (m.of() != null) {
      Value x = eval(m.of(), null);
      if (x == null) {
        return null;
      }
      int rank = x.shape().rank();
      int d = m.dim() < 0 ? m.dim() + rank : m.dim();
      if (d < 0 || d >= rank) {
        prover.fail("size(" + m.dim() + ") is out of range for " + LayerCalls.describe(x),
            m.tree());
        return null;
      }
      n = x.shape().get(d);
    }
    return multis.causal(n, null, m.tree().toString());
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
      mask = mask(m);
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


  /** A for-each loop over a ModuleList: unrolled when its elements are known, else a chain. */
  private boolean forEach(Stmt.ForEach f) {
    LayerSpec.ListOf list = (LayerSpec.ListOf) model.layer(f.field()).spec();
    if (list.uniform() == null) {
      for (int i = 0; i < list.fixed().size(); i++) {
        loopField.put(f.var(), f.field());
        loopIndex.put(f.var(), i);
        int before = report.errors();
        exec(f.body());
        if (report.errors() > before) {
          return false;
        }
      }
      loopField.remove(f.var());
      loopIndex.remove(f.var());
      return true;
    }
    if (f.body().size() != 1 || !(f.body().get(0) instanceof Stmt.Assign a)
        || !(a.value() instanceof Expr.Apply call) || !call.layer().equals(f.var())
        || call.args().isEmpty() || !(call.args().get(0) instanceof Expr.Ref r)
        || !r.name().equals(a.name()) || !env.containsKey(a.name())) {
      report.error(Code.UNSUPPORTED, f.tree(), "the body of a loop over ModuleList '" + f.field()
          + "', whose length is known only when the model is made, must be the one statement"
          + " 'h = " + f.var() + ".apply(h, ...)' (other arguments computed before the loop);"
          + " for more, add the layers one by one in the constructor, which fixes their number");
      return false;
    }
    Value x = env.get(a.name());
    List<MultiCalls.Arg> extras = args(call.args().subList(1, call.args().size()));
    if (extras == null) {
      return false;
    }
    int mark = ops.size();
    loopField.put(f.var(), f.field());
    CollectionCalls.Target t = collections.resolve(call, f.field(), null);
    List<MultiCalls.Arg> all = new ArrayList<>(List.of(new MultiCalls.Arg(x, false)));
    all.addAll(extras);
    Object y = t == null ? null : applyTo(t, all, a.name(), call);
    loopField.remove(f.var());
    if (y instanceof MultiCalls.Tuple) {
      report.error(Code.SHAPE, call.tree(), "the elements of ModuleList '" + f.field()
          + "' return several outputs, so they cannot be chained in a loop");
      return false;
    }
    if (y == null) {
      return false;
    }
    Value out = new Value(names.fresh(a.name()), x.shape(), -1, a.name());
    Value v = collections.chain(ops, mark, f.field(), x, (Value) y, extras, out, f.tree());
    if (v != null) {
      env.put(a.name(), v);
    }
    return v != null;
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
