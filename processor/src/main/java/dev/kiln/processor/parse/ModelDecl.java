package dev.kiln.processor.parse;

import com.sun.source.tree.MethodTree;
import java.util.List;
import javax.lang.model.element.TypeElement;

/**
 * A parsed {@code @Model} class: its constructor parameters, layers in declaration order, and
 * the forward method's inputs and body.
 */
public record ModelDecl(
    TypeElement type,
    List<Param> constructorParams,
    List<LayerDecl> layers,
    MethodTree forward,
    List<InputDecl> inputs,
    List<Stmt> body) {

  /** A constructor parameter: its Java type and name. */
  public record Param(String type, String name) {}

  /** The layer named {@code name}, or null. */
  public LayerDecl layer(String name) {
    return layers.stream().filter(l -> l.name().equals(name)).findFirst().orElse(null);
  }
}
