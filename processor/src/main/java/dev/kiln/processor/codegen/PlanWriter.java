package dev.kiln.processor.codegen;

import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.FieldSpec;
import com.palantir.javapoet.ParameterizedTypeName;
import com.palantir.javapoet.WildcardTypeName;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.TypeSpec;
import dev.kiln.processor.dims.Shape;
import dev.kiln.processor.ir.Input;
import dev.kiln.processor.ir.ModelIr;
import dev.kiln.processor.ir.Op;
import dev.kiln.processor.ir.OpKind;
import dev.kiln.processor.ir.Value;
import java.util.List;
import javax.lang.model.element.Modifier;

/**
 * The generated inner {@code Plan}: every buffer allocated in its constructor for one set of
 * input sizes, then a forward of kernel calls and a backward of the same calls reversed.
 */
final class PlanWriter {
  private final ModelIr ir;
  private final Grads grads;
  private final Fusions fusions;
  private final OpWriter ops;

  PlanWriter(ModelIr ir) {
    this.ir = ir;
    this.grads = new Grads(ir);
    this.fusions = new Fusions(ir);
    this.ops = new OpWriter(grads, fusions);
  }

  /** The input symbols, in binding order: the plan's constructor parameters. */
  static List<String> symbols(ModelIr ir) {
    return ir.inputs().stream().flatMap(i -> i.binds().keySet().stream()).toList();
  }

  TypeSpec write() {
    TypeSpec.Builder plan = TypeSpec.classBuilder("Plan")
        .addModifiers(Modifier.PRIVATE, Modifier.FINAL)
        .superclass(Types.PLAN)
        .addJavadoc("Buffers and kernel calls for one set of input sizes.\n");
    MethodSpec.Builder ctor = MethodSpec.constructorBuilder()
        .addParameter(Types.DEVICE, "device")
        .addStatement("super(device)");
    MethodSpec.Builder fits = MethodSpec.methodBuilder("fits").returns(boolean.class)
        .addParameter(Types.DEVICE, "device")
        .addJavadoc("True when this plan is the one for these inputs.\n");
    StringBuilder same = new StringBuilder("this.device == device");
    for (String s : symbols(ir)) {
      ctor.addParameter(int.class, s).addStatement("this.$L = $L", s, s);
      plan.addField(int.class, s, Modifier.PRIVATE, Modifier.FINAL);
      fits.addParameter(int.class, s);
      same.append(" && this.").append(s).append(" == ").append(s);
    }
    fits.addStatement("return $L", same);
    ir.callChecks().forEach(k -> ModelWriter.require(ctor, k));
    MethodSpec.Builder gradBuffers = MethodSpec.methodBuilder("allocateGrads")
        .addAnnotation(Override.class).addModifiers(Modifier.PROTECTED);
    for (Op op : ir.ops()) {
      Value v = op.output();
      if (op.kind() == OpKind.MULTI || op.kind() == OpKind.CHAIN
          || op.kind() == OpKind.CAUSAL_MASK) {
        several(plan, ctor, gradBuffers, op);
        continue;
      }
      if (op.kind() == OpKind.MODEL || op.kind() == OpKind.COPY || op.kind() == OpKind.SELECT) {
        plan.addField(Types.TENSOR, v.name(), Modifier.PRIVATE);
      } else if (!fusions.fused(v)) {
        plan.addField(FieldSpec.builder(Types.TENSOR, v.name(), Modifier.PRIVATE, Modifier.FINAL).build());
        ctor.addStatement("$L = value($L)", v.name(), dims(v.shape()));
      }
      if (op.kind() == OpKind.PERMUTE) {
        plan.addField(FieldSpec.builder(int[].class, v.name() + "Perm", Modifier.PRIVATE,
            Modifier.FINAL).initializer("{$L}", op.target()).build());
      }
      if (op.kind() == OpKind.MODEL) {
        plan.addField(FieldSpec.builder(ParameterizedTypeName.get(Types.PLAN_CACHE,
            WildcardTypeName.subtypeOf(Object.class)), OpWriter.site(op), Modifier.PRIVATE,
            Modifier.FINAL).initializer("(($T) $L).newSite()",
            ClassName.get("dev.kiln.compiled", "SiteForward"), op.target()).build());
        plan.addField(FieldSpec.builder(com.palantir.javapoet.ArrayTypeName.of(Types.TENSOR),
            OpWriter.siteArgs(op), Modifier.PRIVATE, Modifier.FINAL)
            .initializer("new $T[$L]", Types.TENSOR, op.inputs().size()).build());
      }
      if (op.kind() == OpKind.LAYER || op.kind() == OpKind.LINEAR) {
        plan.addField(ClassName.get("dev.kiln.compiled", "HookedCalls", "Call"),
            OpWriter.hooks(op), Modifier.PRIVATE);
      }
      if (op.kind() == OpKind.LAYER) {
        ctor.addStatement("$T.output($S, $S, $L.outputShape(new int[] {$L}), $L)", Types.INPUTS,
            ir.displayName(), oneLine(op.source()), op.target(), dims(op.inputs().get(0).shape()),
            dims(v.shape()));
        plan.addField(FieldSpec.builder(Types.WORKSPACE, OpWriter.workspace(op), Modifier.PRIVATE,
            Modifier.FINAL).initializer("new $T()", Types.WORKSPACE).build());
      }
      if (grads.hasBuffer(v)) {
        plan.addField(Types.TENSOR, v.name() + "Grad", Modifier.PRIVATE);
        gradBuffers.addStatement("$LGrad = grad($L)", v.name(), dims(v.shape()));
      }
      if (op.kind() == OpKind.MODEL) {
        op.inputs().stream().filter(x -> !x.isInput() && !modelOutput(x) && !alias(x))
            .forEach(x -> ctor.addStatement("$L.requiresGrad(true)", x.name()));
      }
    }
    MethodSpec.Builder forward = MethodSpec.methodBuilder("forward").returns(Types.TENSOR)
        .addStatement("begin()");
    for (Input in : ir.inputs()) {
      plan.addField(Types.TENSOR, in.name(), Modifier.PRIVATE);
      forward.addParameter(Types.TENSOR, in.name());
    }
    // a forward that throws (a hook, a kernel) gives the model back before the exception leaves
    forward.beginControlFlow("try");
    for (Input in : ir.inputs()) {
      forward.addStatement("this.$L = $L", in.name(), in.name());
    }
    if (ir.ops().stream().anyMatch(op -> (op.guard() != null
        && op.guard().matches(".*\\btraining\\b.*"))
        || (op.kind() == OpKind.SELECT && op.target().equals("training")))) {
      plan.addField(boolean.class, "training", Modifier.PRIVATE);
      forward.addStatement("training = $L.this.isTraining()", ir.generatedName());
    }
    for (Op op : ir.ops()) {
      forward.addCode(guard(op, ops.forward(op)));
      if (op.kind() == OpKind.COPY && modelInput(op.output())) {
        // an alias is made in forward, not in the constructor: mark it where it is made
        forward.addStatement("$L.requiresGrad(true)", op.output().name());
      }
    }
    if (ir.inputs().size() > 1) {
      // several inputs: an array the plan keeps, so that finish's varargs allocate nothing
      plan.addField(FieldSpec.builder(com.palantir.javapoet.ArrayTypeName.of(Types.TENSOR),
          "finishInputs", Modifier.PRIVATE, Modifier.FINAL)
          .initializer("new $T[$L]", Types.TENSOR, ir.inputs().size()).build());
      for (int i = 0; i < ir.inputs().size(); i++) {
        forward.addStatement("finishInputs[$L] = $L", i, ir.inputs().get(i).name());
      }
      forward.addStatement("return finish($L, finishInputs)", ir.output().name());
    } else {
      forward.addStatement("return finish($L, $L)", ir.output().name(),
          ir.inputs().get(0).name());
    }
    forward.nextControlFlow("catch ($T | $T e)", RuntimeException.class, Error.class)
        .addStatement("abandon()")
        .addStatement("throw e")
        .endControlFlow();
    if (!gradBuffers.build().code().isEmpty()) {
      plan.addMethod(gradBuffers.build());
    }
    return plan.addMethod(ctor.build()).addMethod(fits.build()).addMethod(forward.build())
        .addMethod(backward()).build();
  }

  private MethodSpec backward() {
    MethodSpec.Builder b = MethodSpec.methodBuilder("backward")
        .addAnnotation(Override.class)
        .addModifiers(Modifier.PROTECTED)
        .addParameter(Types.TENSOR, "dOut")
        .addParameter(com.palantir.javapoet.ArrayTypeName.of(Types.TENSOR), "dInputs");
    for (Input in : ir.inputs()) {
      if (grads.backwardOrder().stream().noneMatch(op -> op.inputs().stream()
          .anyMatch(v -> v.name().equals(in.name())))) {
        b.addComment("$L does not reach the output: its gradient stays zero", in.name());
      }
    }
    for (Op op : ir.ops()) {
      Value v = op.output();
      if (grads.conditional(v)) {
        b.addStatement("$T $L = $L ? $LGrad : null", Types.TENSOR, grads.of(v), grads.condition(v),
            v.name());
      }
    }
    Value out = ir.output();
    if (grads.seedsOutput()) {
      String g = grads.of(out);
      b.addCode(out.isInput() ? CodeBlock.builder().beginControlFlow("if ($L != null)", g)
          .addStatement("k.accumulate(dOut, $L)", g).endControlFlow().build()
          : CodeBlock.of("k.accumulate(dOut, $L);\n", g));
    }
    grads.backwardOrder().forEach(op -> b.addCode(guard(op, ops.backward(op))));
    return b.build();
  }

  /**
   * The buffers of a several-part op: every output, the arrays it passes to the layer, its
   * workspace, or the {@code ListChain}; a causal mask is filled here, once per plan.
   */
  private void several(TypeSpec.Builder plan, MethodSpec.Builder ctor,
      MethodSpec.Builder gradBuffers, Op op) {
    Value v = op.output();
    String n = v.name();
    for (Value o : op.outputs()) {
      plan.addField(FieldSpec.builder(Types.TENSOR, o.name(), Modifier.PRIVATE, Modifier.FINAL)
          .build());
      if (op.kind() == OpKind.CAUSAL_MASK) {
        ctor.addStatement("$L = $T.causal($L).tensor().to(device)", o.name(), Types.MASK,
            op.target());
      } else {
        ctor.addStatement("$L = value($L)", o.name(), dims(o.shape()));
      }
      if (grads.hasBuffer(o)) {
        plan.addField(Types.TENSOR, o.name() + "Grad", Modifier.PRIVATE);
        gradBuffers.addStatement("$LGrad = grad($L)", o.name(), dims(o.shape()));
      }
    }
    Op.Parts p = op.parts();
    if (op.kind() == OpKind.CHAIN) {
      plan.addField(FieldSpec.builder(Types.LIST_CHAIN, n + "Chain", Modifier.PRIVATE,
          Modifier.FINAL).initializer("new $T($L, $L)", Types.LIST_CHAIN, op.target(), p.arity())
          .build());
      plan.addField(FieldSpec.builder(Types.TENSOR_ARRAY, n + "DExtras", Modifier.PRIVATE,
          Modifier.FINAL).initializer("new $T[$L]", Types.TENSOR, p.arity() - 1).build());
      return;
    }
    if (op.kind() != OpKind.MULTI) {
      return;
    }
    for (String a : List.of("In", "DIn")) {
      plan.addField(FieldSpec.builder(Types.TENSOR_ARRAY, n + a, Modifier.PRIVATE, Modifier.FINAL)
          .initializer("new $T[$L]", Types.TENSOR, p.arity()).build());
    }
    plan.addField(FieldSpec.builder(Types.TENSOR_ARRAY, n + "DOut", Modifier.PRIVATE,
        Modifier.FINAL).initializer("new $T[$L]", Types.TENSOR, p.outputs().size()).build());
    plan.addField(Types.TENSOR_ARRAY, n + "Out", Modifier.PRIVATE, Modifier.FINAL);
    ctor.addStatement("$LOut = new $T[] {$L}", n, Types.TENSOR, String.join(", ",
        p.outputs().stream().map(Value::name).toList()));
    plan.addField(FieldSpec.builder(Types.WORKSPACE, OpWriter.workspace(op), Modifier.PRIVATE,
        Modifier.FINAL).initializer("new $T()", Types.WORKSPACE).build());
    List<String> inShapes = new java.util.ArrayList<>();
    for (int slot = 0; slot < p.arity(); slot++) {
      int i = p.slots().indexOf(slot);
      inShapes.add(i < 0 ? "null" : "{" + dims(op.inputs().get(i).shape()) + "}");
    }
    ctor.addStatement("$T.outputs($S, $S, $L.outputShapes(new int[][] {$L}), $L)", Types.INPUTS,
        ir.displayName(), oneLine(op.source()), op.target(), String.join(", ", inShapes),
        String.join(", ", p.outputs().stream().map(o -> "new int[] {" + dims(o.shape()) + "}")
            .toList()));
  }

  /** {@code code} run only in the op's mode, for an op from a branch of {@code if (isTraining())}. */
  private static CodeBlock guard(Op op, CodeBlock code) {
    return op.guard() == null || code.isEmpty() ? code : CodeBlock.builder()
        .beginControlFlow("if ($L)", op.guard())
        .add(code).endControlFlow().build();
  }

  /** True when {@code v} is a nested model's output (owned by that model, not allocated here). */
  private boolean alias(Value v) {
    return ir.ops().stream().anyMatch(op -> op.kind() == OpKind.COPY && op.output() == v);
  }

  private boolean modelInput(Value v) {
    return ir.ops().stream().anyMatch(op -> op.kind() == OpKind.MODEL && op.inputs().contains(v));
  }

  private boolean modelOutput(Value v) {
    return ir.ops().stream().anyMatch(op -> op.kind() == OpKind.MODEL && op.output() == v);
  }

  private static String oneLine(String source) {
    return source.replaceAll("\\s+", " ");
  }

  static String dims(Shape s) {
    return String.join(", ", s.dims().stream().map(d -> d.render(n -> n)).toList());
  }
}
