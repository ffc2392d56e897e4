package dev.kiln.processor.codegen;

import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.ParameterizedTypeName;
import dev.kiln.processor.dims.Dim;
import dev.kiln.processor.dims.Shape;
import dev.kiln.processor.ir.Input;
import dev.kiln.processor.ir.ModelIr;
import dev.kiln.processor.ir.Op;
import dev.kiln.processor.ir.OpKind;
import dev.kiln.processor.ir.Value;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import javax.lang.model.element.Modifier;

/**
 * Writes the forward as a graph for export ({@code ExportableModel}): the inputs' shapes and one
 * graph-sink call per op, in forward order. Sizes of input symbols become {@code -1}.
 */
final class ExportWriter {
  private final ModelIr ir;
  private final Set<String> inputSymbols = new HashSet<>();
  private final Set<String> taken = new HashSet<>();

  ExportWriter(ModelIr ir) {
    this.ir = ir;
    ir.inputs().forEach(in -> inputSymbols.addAll(in.binds().keySet()));
    ir.inputs().forEach(in -> taken.add(in.name()));
    ir.ops().forEach(op -> taken.add(op.output().name()));
  }

  MethodSpec inputs() {
    List<String> each = new ArrayList<>();
    for (Input in : ir.inputs()) {
      List<String> sizes = new ArrayList<>();
      List<String> symbols = new ArrayList<>();
      for (Dim d : in.shape().dims()) {
        boolean runtime = dynamic(d);
        sizes.add(runtime ? "-1" : size(d));
        symbols.add(runtime ? "\"" + d.render(n -> n) + "\"" : "null");
      }
      each.add("new $T(\"" + in.name() + "\", new long[] {" + String.join(", ", sizes)
          + "}, new String[] {" + String.join(", ", symbols) + "})");
    }
    return MethodSpec.methodBuilder("graphInputs").addAnnotation(Override.class)
        .addModifiers(Modifier.PUBLIC)
        .returns(ParameterizedTypeName.get(Types.LIST, Types.GRAPH_INPUT))
        .addStatement("return $T.of(" + String.join(", ", each) + ")",
            withList(each.size()))
        .build();
  }

  private static Object[] withList(int inputs) {
    Object[] args = new Object[inputs + 1];
    args[0] = Types.LIST;
    for (int i = 1; i <= inputs; i++) {
      args[i] = Types.GRAPH_INPUT;
    }
    return args;
  }

  MethodSpec graph() {
    String g = free("graph");
    String ins = free("inputs");
    MethodSpec.Builder m = MethodSpec.methodBuilder("exportGraph").addAnnotation(Override.class)
        .addModifiers(Modifier.PUBLIC).returns(Types.STRING)
        .addParameter(Types.GRAPH_SINK, g).addParameter(Types.STRING_ARRAY, ins).varargs();
    for (Op op : ir.ops()) {
      if (op.kind().ordinal() >= OpKind.MULTI.ordinal()) {
        return m.addStatement("throw new $T($S)", UnsupportedOperationException.class,
            ir.displayName() + ": ONNX export of '" + op.source().replaceAll("\\s+", " ")
                + "' is not supported yet")
            .build();
      }
    }
    for (int i = 0; i < ir.inputs().size(); i++) {
      m.addStatement("String $L = $L[$L]", ir.inputs().get(i).name(), ins, i);
    }
    for (Op op : ir.ops()) {
      List<Value> in = op.inputs();
      String x = in.get(0).name();
      String call = switch (op.kind()) {
        case LAYER, LINEAR -> g + ".layer(" + op.target() + ", " + x + ")";
        case MODEL -> g + ".model(" + op.target() + ", " + names(in) + ")";
        case ACTIVATION -> g + ".activation(\"" + op.target() + "\", " + x + ")";
        case BINARY -> g + ".binary(\"" + op.target() + "\", " + x + ", " + in.get(1).name() + ")";
        case MATMUL -> g + ".matmul(" + x + ", " + in.get(1).name() + ")";
        case COPY -> g + ".reshape(" + x + ", " + sizes(op.output().shape()) + ")";
        default -> throw new IllegalStateException("refused above");
      };
      m.addStatement("String $L = $L", op.output().name(), call);
    }
    return m.addStatement("return $L", ir.output().name()).build();
  }

  private boolean dynamic(Dim d) {
    return d.symbols().stream().anyMatch(inputSymbols::contains);
  }

  private String sizes(Shape shape) {
    List<String> out = new ArrayList<>();
    for (Dim d : shape.dims()) {
      out.add(dynamic(d) ? "-1" : size(d));
    }
    return String.join(", ", out);
  }

  /** A size known when the model is built: a literal, or an expression of its sizes. */
  private static String size(Dim d) {
    return d.isConstant() ? Long.toString(d.constant()) : "(long) (" + d.render(n -> n) + ")";
  }

  private String free(String name) {
    String n = name;
    while (taken.contains(n)) {
      n += "_";
    }
    return n;
  }

  private static String names(List<Value> values) {
    return String.join(", ", values.stream().map(Value::name).toList());
  }
}
