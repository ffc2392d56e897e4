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

  /** {@code if (isTraining()) training else eval}: both checked, one run by the mode. */
  record IfTraining(java.util.List<Stmt> training, java.util.List<Stmt> eval, Tree tree)
      implements Stmt {}
}
