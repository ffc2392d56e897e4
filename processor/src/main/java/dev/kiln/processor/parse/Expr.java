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
}
