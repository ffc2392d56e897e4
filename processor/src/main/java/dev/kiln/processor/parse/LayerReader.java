package dev.kiln.processor.parse;

import com.sun.source.tree.ExpressionTree;
import com.sun.source.tree.MemberSelectTree;
import com.sun.source.tree.MethodInvocationTree;
import com.sun.source.tree.NewArrayTree;
import com.sun.source.tree.NewClassTree;
import dev.kiln.processor.diag.Code;
import dev.kiln.processor.diag.Reporter;
import dev.kiln.processor.dims.Dim;
import java.util.ArrayList;
import java.util.List;
import javax.lang.model.element.TypeElement;

/** Reads a {@code @Layer} field's creating expression into a {@link LayerSpec}. */
final class LayerReader {
  private final Reporter report;
  private final Names names;
  private final Kinds kinds;
  private final DimReader dims;
  private final ContractBinder binder;

  LayerReader(Reporter report, Names names, Kinds kinds, DimReader dims) {
    this.report = report;
    this.names = names;
    this.kinds = kinds;
    this.dims = dims;
    this.binder = new ContractBinder(report, dims);
  }

  /** The spec, or null after reporting. */
  LayerSpec read(ExpressionTree init, TypeElement fieldType) {
    if (kinds.isModelType(fieldType.asType())) {
      return model(init, fieldType);
    }
    LayerInit li = LayerInit.of(init);
    if (li == null) {
      report.error(Code.LAYER, init, "cannot read the layer '" + init + "'; create layers with"
          + " 'new Linear(3, 16)' (options as '.padding(1)') so that Kiln can check their shapes");
      return null;
    }
    NewClassTree n = li.create();
    TypeElement type = names.type(n.getIdentifier());
    String text = LayerInit.text(init);
    String q = type == null ? "" : type.getQualifiedName().toString();
    if (q.equals(Kinds.SEQUENTIAL)) {
      List<LayerSpec> elements = new ArrayList<>();
      for (ExpressionTree a : n.getArguments()) {
        LayerInit el = LayerInit.of(a);
        TypeElement t = el != null ? names.type(el.create().getIdentifier()) : null;
        if (t != null && kinds.isModelType(t.asType())) {
          report.error(Code.LAYER, a, "a nested @Model cannot be an element of Sequential;"
              + " declare it as its own @Layer field and call it with .forward(x)");
          return null;
        }
        elements.add(t == null ? read(a, fieldType) : read(a, t));
      }
      return elements.contains(null) ? null : new LayerSpec.Sequential(text, init, elements);
    }
    List<Dim> args = new ArrayList<>();
    for (ExpressionTree a : n.getArguments()) {
      args.add(dims.read(a));
    }
    if (q.equals(Kinds.FLATTEN)) {
      boolean constants = args.stream().allMatch(d -> d != null && d.isConstant());
      if (!constants || (args.size() != 0 && args.size() != 2)) {
        report.error(Code.LAYER, init, "Flatten's dimensions must be integer constants: "
            + "'new Flatten()' or 'new Flatten(start, end)'");
        return null;
      }
      return args.isEmpty() ? new LayerSpec.Flatten(text, init, 1, -1)
          : new LayerSpec.Flatten(text, init, (int) args.get(0).constant(), (int) args.get(1).constant());
    }
    if (q.equals(Kinds.UNFLATTEN)) {
      return unflatten(n, init, text);
    }
    List<Kinds.Contract> c = type == null ? List.of() : kinds.contracts(type);
    if (c.isEmpty()) {
      report.error(Code.LAYER, init, "layer " + text + " declares no @ShapeContract, so Kiln"
          + " cannot check its shapes; annotate its class with"
          + " @ShapeContract(args = ..., input = ..., output = ...)");
      return null;
    }
    return binder.bind(init, li, q, type.getSimpleName().toString(), c);
  }

  /** {@code new Unflatten(1, 32, 7, 7)} or {@code new Unflatten(1, new int[] {32, 7, 7})}. */
  private LayerSpec unflatten(NewClassTree n, ExpressionTree init, String text) {
    List<? extends ExpressionTree> a = n.getArguments();
    List<? extends ExpressionTree> sizes = a.size() == 2 && a.get(1) instanceof NewArrayTree arr
        && arr.getInitializers() != null ? arr.getInitializers() : a.subList(Math.min(1, a.size()), a.size());
    Dim dim = a.isEmpty() ? null : dims.read(a.get(0));
    List<Dim> out = new ArrayList<>();
    for (ExpressionTree t : sizes) {
      out.add(dims.read(t));
    }
    if (dim == null || !dim.isConstant() || out.isEmpty() || out.contains(null)) {
      report.error(Code.LAYER, init, "Unflatten's dimension must be an integer constant and its"
          + " sizes integer expressions: 'new Unflatten(1, 32, 7, 7)'");
      return null;
    }
    return new LayerSpec.Unflatten(text, init, (int) dim.constant(), out);
  }

  private LayerSpec model(ExpressionTree init, TypeElement type) {
    List<? extends ExpressionTree> argTrees = init instanceof NewClassTree n ? n.getArguments()
        : init instanceof MethodInvocationTree m && m.getMethodSelect() instanceof MemberSelectTree s
            && s.getIdentifier().contentEquals("create") ? m.getArguments() : null;
    if (argTrees == null) {
      report.error(Code.LAYER, init, "create the nested model with '" + type.getSimpleName()
          + ".create(...)', passing its constructor arguments in order");
      return null;
    }
    List<Dim> args = new ArrayList<>();
    for (ExpressionTree a : argTrees) {
      args.add(dims.read(a));
    }
    return new LayerSpec.Model(init.toString(), init, type, args);
  }
}
