package dev.kiln.processor.parse;

import com.sun.source.tree.ExpressionTree;
import com.sun.source.tree.MemberSelectTree;
import com.sun.source.tree.MethodInvocationTree;
import com.sun.source.tree.NewClassTree;
import dev.kiln.processor.diag.Code;
import dev.kiln.processor.diag.Reporter;
import dev.kiln.processor.dims.Dim;
import dev.kiln.processor.dims.Pattern;
import dev.kiln.processor.dims.ShapeParser;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.lang.model.element.TypeElement;

/** Reads a {@code @Layer} field's creating expression into a {@link LayerSpec}. */
final class LayerReader {
  private final Reporter report;
  private final Names names;
  private final Kinds kinds;
  private final DimReader dims;

  LayerReader(Reporter report, Names names, Kinds kinds, DimReader dims) {
    this.report = report;
    this.names = names;
    this.kinds = kinds;
    this.dims = dims;
  }

  /** The spec, or null after reporting. */
  LayerSpec read(ExpressionTree init, TypeElement fieldType) {
    if (kinds.isModelType(fieldType.asType())) {
      return model(init, fieldType);
    }
    if (!(init instanceof NewClassTree n)) {
      report.error(Code.LAYER, init, "cannot read the layer '" + init + "'; create layers with"
          + " 'new Linear(3, 16)' so that Kiln can check their shapes");
      return null;
    }
    TypeElement type = names.type(n.getIdentifier());
    String text = n.toString().replaceFirst("^new\\s+", "");
    String q = type == null ? "" : type.getQualifiedName().toString();
    if (q.equals(Kinds.SEQUENTIAL)) {
      List<LayerSpec> elements = new ArrayList<>();
      for (ExpressionTree a : n.getArguments()) {
        TypeElement t = a instanceof NewClassTree e ? names.type(e.getIdentifier()) : null;
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
    Kinds.Contract c = type == null ? null : kinds.contract(type);
    if (c == null) {
      report.error(Code.LAYER, init, "layer " + text + " declares no @ShapeContract, so Kiln"
          + " cannot check its shapes; annotate its class with"
          + " @ShapeContract(args = ..., input = ..., output = ...)");
      return null;
    }
    Map<String, Dim> bound = new LinkedHashMap<>();
    for (int i = 0; i < c.args().size(); i++) {
      Dim d = i < args.size() ? args.get(i) : null;
      if (d == null) {
        report.error(Code.LAYER, i < args.size() ? n.getArguments().get(i) : init, "size argument '"
            + c.args().get(i) + "' of " + text + " must be an integer literal, a static final"
            + " constant, a constructor parameter, or + - * of those");
        return null;
      }
      bound.put(c.args().get(i), d);
    }
    Pattern input;
    Pattern output;
    try {
      input = ShapeParser.parse(c.input());
      output = ShapeParser.parse(c.output());
    } catch (IllegalArgumentException e) {
      report.error(Code.LAYER, init, "the @ShapeContract of " + type.getSimpleName()
          + " cannot be read: " + e.getMessage());
      return null;
    }
    Set<String> defined = new HashSet<>(c.args());
    input.dims().forEach(d -> defined.addAll(d.symbols()));
    for (Dim d : output.dims()) {
      if (!defined.containsAll(d.symbols())) {
        report.error(Code.LAYER, init, "the @ShapeContract of " + type.getSimpleName()
            + " has output size '" + d + "' that neither its args nor its input defines");
        return null;
      }
    }
    return new LayerSpec.Contract(text, init, input, output, bound, c.args(), q);
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
