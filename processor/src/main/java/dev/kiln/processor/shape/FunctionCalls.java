package dev.kiln.processor.shape;

import dev.kiln.processor.diag.Code;
import dev.kiln.processor.diag.Reporter;
import dev.kiln.processor.dims.Dim;
import dev.kiln.processor.dims.Pattern;
import dev.kiln.processor.dims.Shape;
import dev.kiln.processor.ir.ModelIr;
import dev.kiln.processor.ir.Op;
import dev.kiln.processor.ir.OpKind;
import dev.kiln.processor.ir.Value;
import dev.kiln.processor.parse.Expr;
import dev.kiln.processor.parse.LayerDecl;
import dev.kiln.processor.parse.LayerSpec;
import dev.kiln.processor.parse.ModelDecl;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import java.util.function.Function;
import javax.lang.model.element.TypeElement;

/**
 * {@code x.reshape(dims)} lowered to a {@link OpKind#COPY}; functional layers ({@code
 * F.softmax(x, 1)}) to a {@link OpKind#LAYER} call of a layer the generated class holds; and a
 * nested model's {@code forward} to a {@link OpKind#MODEL} op, its inputs matched against the
 * shapes its own Kiln class carries.
 */
final class FunctionCalls {
  private final ModelDecl model;
  private final Reporter report;
  private final Prover prover;
  private final ValueNames names;
  private final List<Op> ops;
  private final List<ModelIr.FunctionLayer> functions;
  private final Function<TypeElement, Signature> signatures;
  private final BiFunction<Expr, String, Value> eval;

  FunctionCalls(ModelDecl model, Reporter report, Prover prover, ValueNames names, List<Op> ops,
      List<ModelIr.FunctionLayer> functions, Function<TypeElement, Signature> signatures,
      BiFunction<Expr, String, Value> eval) {
    this.model = model;
    this.report = report;
    this.prover = prover;
    this.names = names;
    this.ops = ops;
    this.functions = functions;
    this.signatures = signatures;
    this.eval = eval;
  }

  /** {@code F.softmax(x, 1)}: a layer-computed op, same shape out; a dim must be in range. */
  Value function(Expr.LayerFunction f, String hint) {
    Value x = eval.apply(f.arg(), null);
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
    functions.add(new ModelIr.FunctionLayer(field, f.layerClass(), f.args()));
    return emit(OpKind.LAYER, field, List.of(x), x.shape(), hint, f);
  }

  /** {@code x.reshape(dims)}: the sizes must be positive, at most one {@code -1} inferred. */
  Value reshape(Expr.Reshape r, String hint) {
    Value x = eval.apply(r.arg(), null);
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

  /** {@code field.forward(...)} of a nested model, checked against its signature. */
  Value modelCall(Expr.ModelCall c, String hint) {
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
      Value x = eval.apply(c.args().get(i), null);
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
