package dev.kiln.processor.parse;

import com.sun.source.tree.Tree;

/** A statement of a forward body: an assignment to a local, a counted loop, or the return. */
public sealed interface Stmt {
  Tree tree();

  /** {@code Tensor name = value;} or {@code name = value;}. */
  record Assign(String name, Expr value, Tree tree) implements Stmt {}

  /** {@code return value;}. */
  record Return(Expr value, Tree tree) implements Stmt {}

  /** {@code for (int i = 0; i < count; i++) body}: the body run {@code count} times. */
  record Repeat(int count, java.util.List<Stmt> body, Tree tree) implements Stmt {}

  /** {@code for (Block b : blocks) body} over a {@code ModuleList} field. */
  record ForEach(String var, String field, java.util.List<Stmt> body, Tree tree) implements Stmt {}

  /**
   * {@code if (cond) then else otherwise} decided at run time: {@code cond} is {@code training}
   * (for {@code isTraining()}) or a final boolean field of the model; both paths are checked, one
   * runs.
   */
  record IfRuntime(String cond, java.util.List<Stmt> then, java.util.List<Stmt> otherwise,
      Tree tree) implements Stmt {}
}
