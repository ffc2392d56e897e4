package dev.kiln.processor.shape;

import dev.kiln.processor.diag.Code;
import dev.kiln.processor.diag.Reporter;
import dev.kiln.processor.dims.Dim;
import dev.kiln.processor.dims.Pattern;
import dev.kiln.processor.dims.Shape;
import dev.kiln.processor.dims.ShapeParser;
import dev.kiln.processor.ir.Check;
import dev.kiln.processor.ir.Input;
import dev.kiln.processor.ir.ModelIr;
import dev.kiln.processor.ir.Op;
import dev.kiln.processor.ir.Value;
import dev.kiln.processor.parse.InputDecl;
import dev.kiln.processor.parse.LayerDecl;
import dev.kiln.processor.parse.ModelDecl;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import javax.lang.model.element.TypeElement;

/** Shape-checks a parsed model and lowers it to {@link ModelIr}, with its {@link Signature}. */
public final class ModelChecker {
  /** Names the generated class and plan use for themselves. */
  private static final Set<String> RESERVED =
      Set.of("plans", "plan", "device", "k", "dOut", "dInputs", "Plan");
  private final Reporter report;
  private final Function<TypeElement, Signature> signatures;

  public ModelChecker(Reporter report, Function<TypeElement, Signature> signatures) {
    this.report = report;
    this.signatures = signatures;
  }

  /** The result for a model without errors. */
  public record Result(ModelIr ir, Signature signature) {}

  /** The IR and signature, or null after reporting errors. */
  public Result check(ModelDecl m, String packageName) {
    Set<String> params = new LinkedHashSet<>();
    m.constructorParams().forEach(p -> params.add(p.name()));
    Prover prover = new Prover(params, report);
    ValueNames names = new ValueNames();
    params.forEach(names::reserve);
    m.layers().forEach(l -> names.reserve(l.name()));
    List<Input> inputs = new ArrayList<>();
    List<Pattern> patterns = new ArrayList<>();
    List<Value> values = new ArrayList<>();
    Set<String> symbols = new LinkedHashSet<>();
    Set<String> inputNames = new LinkedHashSet<>();
    m.inputs().forEach(in -> inputNames.add(in.name()));
    for (String p : params) {
      if (RESERVED.contains(p)) {
        report.error(Code.MODEL, m.type(), "constructor parameter '" + p + "' clashes with a name"
            + " the generated code uses; rename it");
        return null;
      }
    }
    for (InputDecl in : m.inputs()) {
      names.reserve(in.name());
      Input input = input(in, params, symbols, inputNames);
      if (input == null) {
        return null;
      }
      inputs.add(input);
      patterns.add(ShapeParser.parse(in.shape()));
      values.add(new Value(in.name(), input.shape(), values.size(),
          in.name() + " (@Shape(\"" + in.shape() + "\"))"));
    }
    symbols.forEach(names::reserve);
    ForwardChecker fc = new ForwardChecker(m, report, prover, names, signatures);
    Value out = fc.run(values);
    if (out == null || report.errors() > 0) {
      return null;
    }
    String qualified = m.type().getQualifiedName().toString();
    String modelClass = packageName.isEmpty() ? qualified : qualified.substring(packageName.length() + 1);
    List<String[]> ctor = new ArrayList<>();
    m.constructorParams().forEach(p -> ctor.add(new String[] {p.type(), p.name()}));
    List<String> layers = m.layers().stream().map(LayerDecl::name).toList();
    List<Check> checks = prover.checks();
    List<Check> all = new ArrayList<>(checks);
    all.addAll(prover.callChecks());
    ModelIr ir = new ModelIr(packageName, modelClass, "Kiln" + modelClass.replace('.', '_'), ctor,
        sizeParams(params, values, fc.ops(), all), layers, inputs, fc.ops(), out, checks,
        prover.callChecks(), fc.functions(), fc.lowered());
    return new Result(ir, new Signature(List.copyOf(params), patterns, out.shape()));
  }

  private Input input(InputDecl in, Set<String> params, Set<String> symbols,
      Set<String> inputNames) {
    Pattern p;
    try {
      p = ShapeParser.parse(in.shape());
    } catch (IllegalArgumentException e) {
      report.error(Code.FORWARD, in.tree(), "@Shape(\"" + in.shape() + "\") of '" + in.name()
          + "' cannot be read: " + e.getMessage());
      return null;
    }
    if (p.star()) {
      report.error(Code.FORWARD, in.tree(), "@Shape of '" + in.name() + "' cannot start with *;"
          + " name every dimension, e.g. @Shape(\"B, 3\")");
      return null;
    }
    Map<String, Integer> binds = new LinkedHashMap<>();
    for (int i = 0; i < p.dims().size(); i++) {
      Dim d = p.dims().get(i);
      String s = d.asSymbol();
      if (s != null && !params.contains(s) && !symbols.contains(s)) {
        if (RESERVED.contains(s) || inputNames.contains(s)) {
          report.error(Code.FORWARD, in.tree(), "size name '" + s + "' in @Shape(\"" + in.shape()
              + "\") clashes with a name the generated code uses; rename it, e.g. '"
              + s.toUpperCase(java.util.Locale.ROOT) + "'");
          return null;
        }
        symbols.add(s);
        binds.put(s, i);
      } else if (!d.symbols().stream().allMatch(x -> params.contains(x) || symbols.contains(x))) {
        report.error(Code.FORWARD, in.tree(), "dimension '" + d + "' of @Shape(\"" + in.shape()
            + "\") uses a size that no earlier dimension or constructor parameter defines");
        return null;
      }
    }
    return new Input(in.name(), in.shape(), new Shape(p.dims()), binds);
  }

  private static List<String> sizeParams(Set<String> params, List<Value> inputs, List<Op> ops,
      List<Check> checks) {
    Set<String> used = new LinkedHashSet<>();
    inputs.forEach(v -> v.shape().dims().forEach(d -> used.addAll(d.symbols())));
    for (Op op : ops) {
      op.outputs().forEach(v -> v.shape().dims().forEach(d -> used.addAll(d.symbols())));
      op.inputs().forEach(v -> v.shape().dims().forEach(d -> used.addAll(d.symbols())));
    }
    checks.forEach(c -> {
      used.addAll(c.left().symbols());
      used.addAll(c.right().symbols());
    });
    return params.stream().filter(used::contains).toList();
  }
}
