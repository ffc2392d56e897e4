package dev.kiln.processor.parse;

import com.sun.source.tree.Tree;

/** A statement of a forward body: an assignment to a local, or the return. */
public sealed interface Stmt {
  Tree tree();

  /** {@code Tensor name = value;} or {@code name = value;}. */
  record Assign(String name, Expr value, Tree tree) implements Stmt {}

  /** {@code return value;}. */
  record Return(Expr value, Tree tree) implements Stmt {}
}
