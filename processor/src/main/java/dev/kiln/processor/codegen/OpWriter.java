package dev.kiln.processor.codegen;

import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.CodeBlock;
import dev.kiln.processor.ir.Op;
import dev.kiln.processor.ir.OpKind;
import dev.kiln.processor.ir.Value;
import java.util.List;

/** The forward and backward kernel calls of one op, one call per line with its shape. */
final class OpWriter {
  private static final ClassName HOOKED_CALLS = ClassName.get("dev.kiln.compiled", "HookedCalls");
  private static final ClassName SITE_FORWARD = ClassName.get("dev.kiln.compiled", "SiteForward");
  private final Grads grads;
  private final Fusions fusions;

  OpWriter(Grads grads, Fusions fusions) {
    this.grads = grads;
    this.fusions = fusions;
  }

  /** The buffer holding {@code x}'s value (see {@link Fusions}). */
  private String v(Value x) {
    return fusions.value(x);
  }

  /** The plan field holding the argument array of a nested model's call. */
  static String siteArgs(Op op) {
    return op.output().name() + "Args";
  }

  /**
   * The plan field holding a nested model's call site: plans of its own for this call of this
   * plan, so that no other call (another site, another plan of the parent) overwrites them.
   */
  static String site(Op op) {
    return op.output().name() + "Site";
  }

  CodeBlock forward(Op op) {
    List<Value> in = op.inputs();
    String y = v(op.output());
    if (op.kind() == OpKind.MODEL) {
      CodeBlock.Builder b = CodeBlock.builder();
      for (int i = 0; i < in.size(); i++) {
        b.addStatement("$L[$L] = $L", siteArgs(op), i, v(in.get(i)));
      }
      return b.add("$L = (($T) $L).forwardAt($L, $L); // $L\n", y, SITE_FORWARD, op.target(),
          site(op), siteArgs(op), op.output().name() + " " + op.output().shape() + " = "
          + oneLine(op.source())).build();
    }
    String call = switch (op.kind()) {
      case LINEAR -> op.target() + (fusions.reluApplied(op.output()) ? ".forwardReluInto("
          : ".forwardInto(") + v(in.get(0)) + ", " + y + ")";
      case LAYER -> op.target() + ".forwardInto(" + v(in.get(0)) + ", " + y + ", "
          + workspace(op) + ")";
      case MODEL -> null;
      case ACTIVATION -> "k." + op.target() + "(" + v(in.get(0)) + ", " + y + ")";
      case BINARY -> "k.binary($T." + op.target() + ", " + v(in.get(0)) + ", "
          + v(in.get(1)) + ", " + y + ")";
      case MATMUL -> "k.matmul(" + v(in.get(0)) + ", " + v(in.get(1)) + ", " + y + ")";
      case COPY, MULTI, CHAIN, CAUSAL_MASK, CAT -> null;
      case SELECT -> y + " = " + op.target() + " ? " + v(in.get(0)) + " : " + v(in.get(1));
      case PERMUTE -> "k.permute(" + v(in.get(0)) + ", " + y + "Perm, " + y + ")";
      case SLICE -> "k.sliceCopy(" + v(in.get(0)) + ", " + arg(op, 1) + ", " + y + ", 0, "
          + arg(op, 0) + ", " + arg(op, 2) + ", false)";
      case MASKED_FILL -> "k.maskedFill(" + v(in.get(0)) + ", " + v(in.get(1)) + ", "
          + op.target() + ", " + y + ")";
      case SUM_DIM -> "k.sumDim(" + v(in.get(0)) + ", " + arg(op, 0) + ", " + y + ")"
          + (arg(op, 1).equals("1f") ? "" : ";\nk.scale(" + y + ", " + arg(op, 1) + ", 0f, "
          + y + ")");
      case SCALE -> "k.scale(" + v(in.get(0)) + ", " + op.target() + ", " + y + ")";
    };
    String comment = op.output().name() + " " + op.output().shape() + " = "
        + oneLine(op.source()) + (fusions.fused(op.output()) ? ", in " + y : "");
    if (op.kind() == OpKind.MULTI || op.kind() == OpKind.CHAIN) {
      return several(op, comment);
    }
    if (op.kind() == OpKind.CAUSAL_MASK) {
      return CodeBlock.of("// $L: made with the plan\n", comment);
    }
    if (op.kind() == OpKind.CAT) {
      CodeBlock.Builder b = CodeBlock.builder().add("// $L\n", comment);
      String offset = "0";
      int d = Integer.parseInt(op.target());
      for (Value x : in) {
        String len = x.shape().get(d).render(n -> n);
        b.addStatement("k.sliceCopy($L, 0, $L, $L, $L, $L, false)", v(x), y, offset, d, len);
        offset = offset.equals("0") ? len : offset + " + " + len;
      }
      return b.build();
    }
    if (op.kind() == OpKind.ACTIVATION && fusions.reluApplied(op.output())) {
      return CodeBlock.of("// $L: applied by the line above\n", comment);
    }
    if (fusions.reluApplied(op.output())) {
      comment += ", then relu";
    }
    if (op.kind() == OpKind.COPY) {
      String x = v(in.get(0));
      return CodeBlock.builder()
          .beginControlFlow("if ($L == null || $L.buffer() != $L.buffer())", y, y, x)
          .add("$L = alias($L, $L); // $L, sharing $L's elements\n", y, x,
              PlanWriter.dims(op.output().shape()), comment, x)
          .endControlFlow().build();
    }
    if (op.kind() == OpKind.LAYER || op.kind() == OpKind.LINEAR) {
      return CodeBlock.builder()
          .beginControlFlow("if ($L.hasHooks())", op.target())
          .addStatement("$L = $T.forward($L, $L, $L, $L, $L)", hooks(op), HOOKED_CALLS,
              op.target(), v(in.get(0)), y, op.kind() == OpKind.LAYER ? workspace(op) : "null",
              fusions.reluApplied(op.output()))
          .nextControlFlow("else")
          .addStatement("$L = null", hooks(op))
          .add(line(call, comment))
          .endControlFlow().build();
    }
    return line(call, comment);
  }

  /** The forward of a several-part layer call or of a loop over a ModuleList. */
  private CodeBlock several(Op op, String comment) {
    String n = op.output().name();
    CodeBlock.Builder b = CodeBlock.builder();
    Op.Parts p = op.parts();
    for (int i = 0; i < op.inputs().size(); i++) {
      int slot = p.slots().get(i);
      if (op.kind() == OpKind.CHAIN && slot == 0) {
        continue;
      }
      b.addStatement(op.kind() == OpKind.CHAIN ? "$LChain.extras()[$L] = $L" : "$LIn[$L] = $L", n,
          op.kind() == OpKind.CHAIN ? slot - 1 : slot, v(op.inputs().get(i)));
    }
    if (op.kind() == OpKind.CHAIN) {
      return b.add(line(n + "Chain.forward(" + v(op.inputs().get(0)) + ", " + v(op.output())
          + ")", comment)).build();
    }
    String outs = String.join(", ", p.outputs().stream().map(x -> x.name() + " "
        + x.shape()).toList());
    return b.add(line(op.target() + ".forwardInto(" + n + "In, " + n + "Out, " + workspace(op)
        + ")", comment.replaceFirst("^\\S+ \\([^)]*\\)", outs))).build();
  }

  /**
   * The plan field holding a layer call's {@code HookedCalls.Call}: set by a forward that ran
   * the layer's hooks while recording, null otherwise; its backward follows the same path.
   */
  static String hooks(Op op) {
    return op.output().name() + "Hooks";
  }

  CodeBlock backward(Op op) {
    List<Value> in = op.inputs();
    Value out = op.output();
    String gy = grads.of(out);
    String y = v(out);
    CodeBlock.Builder b = CodeBlock.builder();
    if (grads.conditional(out)) {
      b.beginControlFlow("if ($L != null)", gy);
    }
    switch (op.kind()) {
      case LAYER, LINEAR -> b.beginControlFlow("if ($L != null)", hooks(op))
          .addStatement("$T.backward($L, $L, $L)", HOOKED_CALLS, hooks(op), gy,
              grads.of(in.get(0)))
          .nextControlFlow("else")
          .add(line(op.target() + ".backwardInto(" + v(in.get(0)) + ", " + y
          + ", " + gy + ", " + grads.of(in.get(0))
          + (op.kind() == OpKind.LAYER ? ", " + workspace(op) : "") + ")",
          "d " + in.get(0).name() + " " + in.get(0).shape()))
          .endControlFlow();
      case MODEL -> {
        b.add("$T[] $LIn = $L.gradFn().backward($L); // d inputs of $L\n", Types.TENSOR, y, y, gy,
            op.target());
        for (int i = 0; i < in.size(); i++) {
          String g = grads.of(in.get(i));
          b.beginControlFlow("if ($LIn[$L] != null" + (grads.nullable(in.get(i)) ? " && " + g
              + " != null)" : ")"), y, i);
          b.add(line("k.accumulate(" + y + "In[" + i + "], " + g + ")", "d " + in.get(i).name()
              + " " + in.get(i).shape()));
          b.endControlFlow();
        }
      }
      case ACTIVATION -> {
        String saved = op.target().equals("relu") ? v(in.get(0)) : y;
        guarded(b, in.get(0), "k." + op.target() + "Backward(" + saved + ", " + gy + ", "
            + grads.of(in.get(0)) + ")");
      }
      case BINARY -> {
        for (int i = 0; i < 2; i++) {
          if (!op.differentiable(i)) {
            continue;
          }
          guarded(b, in.get(i), "k.binaryBackward($T." + op.target() + ", " + i + ", "
              + v(in.get(0)) + ", " + v(in.get(1)) + ", " + gy + ", "
              + grads.of(in.get(i)) + ")");
        }
      }
      case MATMUL -> b.add(line("k.matmulBackward(" + v(in.get(0)) + ", " + v(in.get(1))
          + ", " + gy + ", " + grads.of(in.get(0)) + ", " + grads.of(in.get(1)) + ")",
          "d " + in.get(0).name() + ", d " + in.get(1).name()));
      case COPY -> guarded(b, in.get(0), "k.accumulate(" + gy + ", " + grads.of(in.get(0)) + ")");
      case MULTI -> {
        String n = out.name();
        Op.Parts p = op.parts();
        for (int i = 0; i < p.outputs().size(); i++) {
          b.addStatement("$LDOut[$L] = $L", n, i, grads.ofOutput(p.outputs().get(i)));
        }
        for (int i = 0; i < in.size(); i++) {
          b.addStatement("$LDIn[$L] = $L", n, p.slots().get(i),
              op.differentiable(i) ? grads.of(in.get(i)) : "null");
        }
        b.add(line(op.target() + ".backwardInto(" + n + "In, " + n + "Out, " + n + "DOut, " + n
            + "DIn, " + workspace(op) + ")", "d " + names(in)));
      }
      case CHAIN -> {
        String n = out.name();
        Op.Parts p = op.parts();
        for (int i = 1; i < in.size(); i++) {
          b.addStatement("$LDExtras[$L] = $L", n, p.slots().get(i) - 1,
              op.differentiable(i) ? grads.of(in.get(i)) : "null");
        }
        b.add(line(n + "Chain.backward(" + gy + ", " + grads.of(in.get(0)) + ", " + n
            + "DExtras)", "d " + names(in) + ", through every element of " + op.target()));
      }
      case CAUSAL_MASK -> { }
      case SELECT -> {
        b.beginControlFlow("if ($L)", op.target());
        guarded(b, in.get(0), "k.accumulate(" + gy + ", " + grads.of(in.get(0)) + ")");
        b.nextControlFlow("else");
        guarded(b, in.get(1), "k.accumulate(" + gy + ", " + grads.of(in.get(1)) + ")");
        b.endControlFlow();
      }
      case PERMUTE -> guarded(b, in.get(0), "k.permuteBackward(" + gy + ", " + y + "Perm, "
          + grads.of(in.get(0)) + ")");
      case SLICE -> guarded(b, in.get(0), "k.sliceCopy(" + gy + ", 0, " + grads.of(in.get(0))
          + ", " + arg(op, 1) + ", " + arg(op, 0) + ", " + arg(op, 2) + ", true)");
      case MASKED_FILL -> guarded(b, in.get(0), "k.maskedFillBackward(" + v(in.get(1)) + ", "
          + gy + ", " + grads.of(in.get(0)) + ")");
      case SUM_DIM -> guarded(b, in.get(0), "k.sumDimBackward(" + gy + ", " + arg(op, 0) + ", "
          + arg(op, 1) + ", " + grads.of(in.get(0)) + ")");
      case SCALE -> guarded(b, in.get(0), "k.scaleBackward(" + gy + ", " + arg(op, 0) + ", "
          + grads.of(in.get(0)) + ")");
      case CAT -> {
        String offset = "0";
        int d = Integer.parseInt(op.target());
        for (Value x : in) {
          String len = x.shape().get(d).render(n -> n);
          guarded(b, x, "k.sliceCopy(" + gy + ", " + offset + ", " + grads.of(x) + ", 0, " + d
              + ", " + len + ", true)");
          offset = offset.equals("0") ? len : offset + " + " + len;
        }
      }
    }
    if (grads.conditional(out)) {
      b.endControlFlow();
    }
    return b.build();
  }

  /** Argument {@code i} of a target written {@code "a, b, c"} (top-level commas only). */
  private static String arg(Op op, int i) {
    List<String> parts = new java.util.ArrayList<>();
    int depth = 0;
    int start = 0;
    String t = op.target();
    for (int j = 0; j < t.length(); j++) {
      char c = t.charAt(j);
      depth += c == '(' ? 1 : c == ')' ? -1 : 0;
      if (c == ',' && depth == 0) {
        parts.add(t.substring(start, j).trim());
        start = j + 1;
      }
    }
    parts.add(t.substring(start).trim());
    return parts.get(i);
  }

  /** The plan's {@code Workspace} field for a layer call: its state from forward to backward. */
  static String workspace(Op op) {
    return op.output().name() + "Ws";
  }

  private void guarded(CodeBlock.Builder b, Value x, String call) {
    String comment = "d " + x.name() + " " + x.shape();
    if (grads.nullable(x)) {
      b.beginControlFlow("if ($L != null)", grads.of(x));
      b.add(line(call, comment));
      b.endControlFlow();
    } else {
      b.add(line(call, comment));
    }
  }

  /** A statement with a trailing comment; {@code $T} in the call means {@code BinaryOp}. */
  private static CodeBlock line(String call, String comment) {
    return call.contains("$T")
        ? CodeBlock.of(call + "; // $L\n", Types.BINARY_OP, comment)
        : CodeBlock.of("$L; // $L\n", call, comment);
  }

  private static String names(List<Value> values) {
    return String.join(", ", values.stream().map(Value::name).toList());
  }

  private static String oneLine(String source) {
    String s = source.replaceAll("\\s+", " ");
    return s.length() > 60 ? s.substring(0, 57) + "..." : s;
  }
}
