package dev.kiln.processor.diag;

import com.sun.source.tree.CompilationUnitTree;
import com.sun.source.tree.Tree;
import com.sun.source.util.Trees;
import javax.annotation.processing.Messager;
import javax.lang.model.element.Element;
import javax.tools.Diagnostic;

/** Reports errors for one {@code @Model} class, at a tree's exact line, and counts them. */
public final class Reporter {
  private final Trees trees;
  private final Messager messager;
  private final CompilationUnitTree unit;
  private int errors;

  public Reporter(Trees trees, Messager messager, CompilationUnitTree unit) {
    this.trees = trees;
    this.messager = messager;
    this.unit = unit;
  }

  /** An error at {@code tree}: {@code [code] message}. */
  public void error(Code code, Tree tree, String message) {
    errors++;
    trees.printMessage(Diagnostic.Kind.ERROR, code.tag() + " " + message, tree, unit);
  }

  /** An error on {@code element} (its declaration). */
  public void error(Code code, Element element, String message) {
    errors++;
    messager.printMessage(Diagnostic.Kind.ERROR, code.tag() + " " + message, element);
  }

  public int errors() {
    return errors;
  }

  /** The 1-based line of {@code tree} in this file. */
  public long line(Tree tree) {
    long pos = trees.getSourcePositions().getStartPosition(unit, tree);
    return unit.getLineMap().getLineNumber(pos);
  }

  public CompilationUnitTree unit() {
    return unit;
  }
}
