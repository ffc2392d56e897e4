package dev.kiln.processor.parse;

import com.sun.source.tree.Tree;
import dev.kiln.processor.dims.Dim;
import dev.kiln.processor.dims.Pattern;
import java.util.List;
import java.util.Map;
import javax.lang.model.element.TypeElement;

/** What a layer's creating expression says about its shapes. */
public sealed interface LayerSpec {
  /** The creating expression without {@code new}, e.g. {@code Linear(16, 16)}. */
  String text();

  Tree tree();

  /**
   * A layer with a {@code @ShapeContract}; {@code args} binds the contract's names; {@code type}
   * is its class's qualified name.
   */
  record Contract(String text, Tree tree, Pattern input, Pattern output, Map<String, Dim> args,
      List<String> argNames, String type, List<Condition> requires, List<Part> inputs,
      List<Part> outputs) implements LayerSpec {
    /** True for a several-input or several-output layer ({@code MultiModule}). */
    public boolean multi() {
      return !inputs.isEmpty();
    }
  }

  /** One named input or output of a several-part contract; {@code optional} for {@code name?}. */
  record Part(String name, boolean optional, Pattern shape) {}

  /**
   * A {@code ModuleList}: {@code fixed} lists each element when the constructor adds them one by
   * one; otherwise {@code uniform} is the one creating expression every element is made by (added
   * in a loop, so their number is known only at run time).
   */
  record ListOf(String text, Tree tree, List<LayerSpec> fixed, LayerSpec uniform)
      implements LayerSpec {}

  /** A {@code ModuleDict}: each key's element, in insertion order. */
  record DictOf(String text, Tree tree, Map<String, LayerSpec> elements) implements LayerSpec {}

  /** {@code Unflatten(dim, sizes...)}: dimension {@code dim} split into {@code sizes}. */
  record Unflatten(String text, Tree tree, int dim, List<Dim> sizes) implements LayerSpec {}

  /** {@code Flatten(start, end)}. */
  record Flatten(String text, Tree tree, int start, int end) implements LayerSpec {}

  /** {@code Sequential(elements...)}. */
  record Sequential(String text, Tree tree, List<LayerSpec> elements) implements LayerSpec {}

  /** A nested {@code @Model}, created with its constructor arguments in order. */
  record Model(String text, Tree tree, TypeElement type, List<Dim> args) implements LayerSpec {}
}
