package dev.kiln.processor.parse;

import com.sun.source.tree.BinaryTree;
import com.sun.source.tree.ExpressionTree;
import com.sun.source.tree.LiteralTree;
import com.sun.source.tree.MemberSelectTree;
import com.sun.source.tree.MethodInvocationTree;
import com.sun.source.tree.ParenthesizedTree;
import com.sun.source.tree.TypeCastTree;
import com.sun.source.tree.UnaryTree;
import dev.kiln.processor.diag.Code;
import dev.kiln.processor.diag.Reporter;
import dev.kiln.processor.dims.Dim;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * Reads the tensor methods of sequence models into {@link Expr.TensorOp}: transpose, permute,
 * narrow, select, unsqueeze, squeeze, sum/mean over a dimension, maskedFill, scalar arithmetic,
 * {@code Tensor.cat}, {@code chunk}/{@code split}, and {@code softmax}/{@code logSoftmax}.
 */
final class TensorMethods {
  /** Method name to its number of integer arguments (-1: any). */
  private static final Map<String, Integer> INTS = Map.of("transpose", 2, "permute", -1,
      "narrow", 3, "select", 2, "unsqueeze", 1, "squeeze", 1, "chunk", 2, "split", 2);
  private static final Set<String> SCALAR_OPS = Set.of("mul", "div", "add", "sub");
  private final Reporter report;
  private final DimReader dims;
  private final Function<ExpressionTree, Expr> parser;

  TensorMethods(Reporter report, DimReader dims, Function<ExpressionTree, Expr> parser) {
    this.report = report;
    this.dims = dims;
    this.parser = parser;
  }

  /** True for a call this class reads. */
  static boolean handles(String method, ExpressionTree receiver,
      List<? extends ExpressionTree> args) {
    if (method.equals("cat")) {
      return receiver.toString().equals("Tensor") || receiver.toString().equals(Kinds.TENSOR);
    }
    return INTS.containsKey(method) || method.equals("maskedFill")
        || ((method.equals("sum") || method.equals("mean")) && !args.isEmpty())
        || ((method.equals("softmax") || method.equals("logSoftmax")) && args.size() == 1)
        || (SCALAR_OPS.contains(method) && args.size() == 1 && scalar(args.get(0)));
  }

  /** True for an argument that is a number, not a tensor: literals, casts, Math calls, .... */
  private static boolean scalar(ExpressionTree t) {
    return t instanceof LiteralTree l ? l.getValue() instanceof Number
        : t instanceof UnaryTree u ? scalar(u.getExpression())
        : t instanceof ParenthesizedTree p ? scalar(p.getExpression())
        : t instanceof TypeCastTree c ? c.getType().toString().matches("float|double|int|long")
        : t instanceof BinaryTree b ? scalar(b.getLeftOperand()) || scalar(b.getRightOperand())
        : t instanceof MethodInvocationTree m ? m.getMethodSelect().toString().startsWith("Math.")
        : t instanceof MemberSelectTree s && s.getExpression().toString().matches("Float|Double");
  }

  Expr parse(String method, ExpressionTree receiver, List<? extends ExpressionTree> args,
      MethodInvocationTree call) {
    if (method.equals("cat")) {
      return cat(args, call);
    }
    Expr x = parser.apply(receiver);
    if (x == null) {
      return null;
    }
    if (SCALAR_OPS.contains(method)) {
      String s = asFloat(args.get(0));
      List<String> ab = switch (method) {
        case "mul" -> List.of(s, "0f");
        case "div" -> List.of("1f / " + s, "0f");
        case "add" -> List.of("1f", s);
        default -> List.of("1f", "-" + s);
      };
      return new Expr.TensorOp("scale", x, List.of(), List.of(), ab, call);
    }
    if (method.equals("maskedFill")) {
      Expr mask = args.size() == 2 ? parser.apply(args.get(0)) : null;
      if (mask == null || !scalar(args.get(1))) {
        return mask == null && args.size() == 2 ? null : bad(call, "maskedFill(mask, value)"
            + " with a float value");
      }
      return new Expr.TensorOp("maskedFill", x, List.of(mask), List.of(),
          List.of(asFloat(args.get(1))), call);
    }
    boolean reduce = method.equals("sum") || method.equals("mean");
    if (method.equals("softmax") || method.equals("logSoftmax")) {
      return new Expr.LayerFunction(method, method.equals("softmax") ? "Softmax" : "LogSoftmax",
          List.of(args.get(0).toString()), x, call);
    }
    List<Long> ints = new ArrayList<>();
    for (int i = 0; i < args.size(); i++) {
      ExpressionTree a = args.get(i);
      if (reduce && i == 1) {
        if (!(a instanceof LiteralTree l && l.getValue() instanceof Boolean b)) {
          return bad(a, method + "(dim, keepdim) with a literal true or false");
        }
        ints.add(b ? 1L : 0L);
        continue;
      }
      Dim d = dims.read(a);
      if (d == null || !d.isConstant()) {
        return bad(a, method + "(...) with integer constants (literals or static final ints)");
      }
      ints.add(d.constant());
    }
    int want = reduce ? -2 : INTS.get(method);
    if ((want >= 0 && ints.size() != want) || (reduce && ints.size() > 2) || ints.isEmpty()) {
      return bad(call, method + " with " + (want >= 0 ? want : "its") + " integer arguments");
    }
    return new Expr.TensorOp(method, x, List.of(), ints, List.of(), call);
  }

  /** {@code Tensor.cat(List.of(a, b), dim)}. */
  private Expr cat(List<? extends ExpressionTree> args, MethodInvocationTree call) {
    Dim d = args.size() == 2 ? dims.read(args.get(1)) : null;
    if (d == null || !d.isConstant() || !(args.get(0) instanceof MethodInvocationTree list)
        || !list.getMethodSelect().toString().equals("List.of") || list.getArguments().isEmpty()) {
      return bad(call, "Tensor.cat(List.of(a, b, ...), dim) with a constant dim");
    }
    List<Expr> parts = new ArrayList<>();
    for (ExpressionTree a : list.getArguments()) {
      parts.add(parser.apply(a));
    }
    if (parts.contains(null)) {
      return null;
    }
    return new Expr.TensorOp("cat", parts.get(0), parts.subList(1, parts.size()),
        List.of(d.constant()), List.of(), call);
  }

  /** Java source of {@code t} as a float, without a redundant cast. */
  private static String asFloat(ExpressionTree t) {
    if (t instanceof LiteralTree l && l.getValue() instanceof Number n) {
      return n.floatValue() + "f";
    }
    if (t instanceof UnaryTree u && u.getKind() == com.sun.source.tree.Tree.Kind.UNARY_MINUS
        && u.getExpression() instanceof LiteralTree l && l.getValue() instanceof Number n) {
      return -n.floatValue() + "f";
    }
    if (t instanceof MemberSelectTree m && m.getExpression().toString().equals("Float")) {
      return t.toString();
    }
    if (t instanceof TypeCastTree c && c.getType().toString().equals("float")) {
      return "(" + t + ")";
    }
    return "(float) (" + t + ")";
  }

  private Expr bad(com.sun.source.tree.Tree at, String form) {
    report.error(Code.UNSUPPORTED, at, "in a forward body write " + form + ": '"
        + ForwardParser.firstLine(at) + "'");
    return null;
  }
}
