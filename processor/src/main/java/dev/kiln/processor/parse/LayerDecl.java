package dev.kiln.processor.parse;

import com.sun.source.tree.ExpressionTree;
import com.sun.source.tree.Tree;
import javax.lang.model.element.VariableElement;

/** A {@code @Layer} field and the expression that creates it (initializer or constructor). */
public record LayerDecl(
    String name, VariableElement field, Tree declaration, ExpressionTree init, LayerSpec spec) {}
