package dev.kiln.processor.shape;

import dev.kiln.processor.diag.Code;
import dev.kiln.processor.diag.Reporter;
import dev.kiln.processor.ir.Op;
import dev.kiln.processor.ir.Value;
import dev.kiln.processor.parse.Expr;
import dev.kiln.processor.parse.LayerSpec;
import dev.kiln.processor.parse.ModelDecl;
import dev.kiln.processor.parse.Stmt;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import java.util.function.Consumer;

/**
 * {@code layer.apply(...)} calls, on a field, a ModuleList or ModuleDict element, or a for-each
 * variable, lowered to a layer call or a several-part {@link MultiCalls} call; and for-each loops
 * over a ModuleList: unrolled when its elements are known, else one
 * {@link dev.kiln.processor.ir.OpKind#CHAIN} op.
 */
final class ApplyCalls {
  private final ModelDecl model;
  private final Reporter report;
  private final ValueNames names;
  private final List<Op> ops;
  private final LayerCalls layers;
  private final MultiCalls multis;
  private final CollectionCalls collections;
  private final MaskArgs masks;
  private final Map<String, Value> env;
  private final BiFunction<Expr, String, Value> eval;
  private final Consumer<List<Stmt>> exec;
  private final Map<String, String> loopField = new HashMap<>();
  private final Map<String, Integer> loopIndex = new HashMap<>();

  ApplyCalls(ModelDecl model, Reporter report, ValueNames names, List<Op> ops, LayerCalls layers,
      MultiCalls multis, CollectionCalls collections, MaskArgs masks, Map<String, Value> env,
      BiFunction<Expr, String, Value> eval, Consumer<List<Stmt>> exec) {
    this.model = model;
    this.report = report;
    this.names = names;
    this.ops = ops;
    this.layers = layers;
    this.multis = multis;
    this.collections = collections;
    this.masks = masks;
    this.env = env;
    this.eval = eval;
    this.exec = exec;
  }

  /** The output of {@code a}, or the {@link MultiCalls.Tuple} of several; null after an error. */
  Object apply(Expr.Apply a, String hint) {
    CollectionCalls.Target t = collections.resolve(a, loopField.get(a.layer()),
        loopIndex.get(a.layer()));
    List<MultiCalls.Arg> args = t == null ? null : args(a.args());
    return args == null ? null : applyTo(t, args, hint, a);
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
      Value v = e instanceof Expr.MaskOf m ? masks.lower(m) : eval.apply(e, null);
      if (v == null) {
        return null;
      }
      out.add(new MultiCalls.Arg(v, e instanceof Expr.MaskOf));
    }
    return out;
  }

  /** A for-each loop over a ModuleList: unrolled when its elements are known, else a chain. */
  boolean forEach(Stmt.ForEach f) {
    LayerSpec.ListOf list = (LayerSpec.ListOf) model.layer(f.field()).spec();
    if (list.uniform() == null) {
      for (int i = 0; i < list.fixed().size(); i++) {
        loopField.put(f.var(), f.field());
        loopIndex.put(f.var(), i);
        int before = report.errors();
        exec.accept(f.body());
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
}
