package dev.kiln.processor.parse;

import com.sun.source.tree.Tree;
import dev.kiln.processor.dims.Dim;
import java.util.List;

/** An expression of a forward body, in the small language Kiln compiles. */
public sealed interface Expr {
  /** Where it is written, for diagnostics. */
  Tree tree();

  /** A local variable or a forward parameter. */
  record Ref(String name, Tree tree) implements Expr {}

  /** {@code field.apply(arg)} on a {@code @Layer} field that is a one-input layer. */
  record LayerCall(String field, Expr arg, Tree tree) implements Expr {}

  /** {@code field.forward(args)} on a {@code @Layer} field that is a nested {@code @Model}. */
  record ModelCall(String field, List<Expr> args, Tree tree) implements Expr {}

  /** {@code relu}, {@code tanh} or {@code sigmoid}, from {@code F} or as a tensor method. */
  record Activation(String function, Expr arg, Tree tree) implements Expr {}

  /**
   * A functional activation computed by a layer ({@code F.gelu(x, "tanh")} is
   * {@code new GELU("tanh")}): its class in {@code dev.kiln.nn} and constant arguments' source.
   */
  record LayerFunction(String function, String layerClass, List<String> args, Expr arg, Tree tree)
      implements Expr {}

  /** {@code add}, {@code sub}, {@code mul} or {@code matmul}. */
  record Binary(String op, Expr left, Expr right, Tree tree) implements Expr {}

  /** {@code arg.reshape(dims)}; a dimension may be {@code -1}. */
  record Reshape(Expr arg, List<Dim> dims, Tree tree) implements Expr {}

  /**
   * A call of a helper method of the model ({@code return block(h);}): its parameters and
   * parsed body, inlined where it is called.
   */
  record Helper(String name, List<Expr> args, List<String> params, List<Stmt> body, Tree tree)
      implements Expr {}

  /** {@code arg.flatten(start, end)}. */
  record Flatten(Expr arg, int start, int end, Tree tree) implements Expr {}

  /**
   * {@code layer.apply(args)} on a several-input layer, or any layer reached through a
   * collection: {@code layer} is a {@code @Layer} field or a for-each variable over a
   * {@code ModuleList}; {@code element} is null, a list index ({@code blocks.get(0)}) or a dict key
   * ({@code layers.get("encoder")}).
   */
  record Apply(String layer, String element, List<Expr> args, Tree tree) implements Expr {}

  /** {@code out.hN()}: one named output of a several-output layer's call. */
  record Part(Expr of, String name, Tree tree) implements Expr {}

  /**
   * {@code Mask.causal(size)}, {@code Mask.bool(t)} or {@code Mask.additive(t)}: for causal,
   * {@code size} is {@code x.size(d)} ({@code of}, {@code dim}) or an integer expression
   * ({@code constant}).
   */
  record MaskOf(String kind, Expr of, int dim, Dim constant, Tree tree) implements Expr {}

  /** {@code null}: an optional input left out. */
  record Absent(Tree tree) implements Expr {}

  /**
   * A tensor method or {@code Tensor.cat} with constant arguments: {@code op} is one of permute,
   * narrow, select, unsqueeze, squeeze, sum, mean, maskedFill, scale, cat, chunk, split;
   * {@code others} the further tensors (a mask, cat's tensors), {@code ints} the integer
   * arguments, {@code scalars} Java source of float arguments.
   */
  record TensorOp(String op, Expr x, List<Expr> others, List<Long> ints, List<String> scalars,
      Tree tree) implements Expr {}
}
