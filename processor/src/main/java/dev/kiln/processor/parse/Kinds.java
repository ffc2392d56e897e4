package dev.kiln.processor.parse;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.AnnotationValue;
import javax.lang.model.element.Element;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.TypeElement;
import javax.lang.model.type.DeclaredType;
import javax.lang.model.type.TypeMirror;
import javax.lang.model.util.ElementFilter;
import javax.lang.model.util.Elements;
import javax.lang.model.util.Types;

/** The Kiln types the processor recognises, looked up by name on the user's class path. */
public final class Kinds {
  public static final String MODULE = "dev.kiln.nn.Module";
  public static final String UNARY = "dev.kiln.nn.UnaryModule";
  public static final String FLATTEN = "dev.kiln.nn.Flatten";
  public static final String UNFLATTEN = "dev.kiln.nn.Unflatten";
  public static final String LINEAR = "dev.kiln.nn.Linear";
  public static final String SEQUENTIAL = "dev.kiln.nn.Sequential";
  public static final String MULTI = "dev.kiln.nn.MultiModule";
  public static final String LIST = "dev.kiln.nn.ModuleList";
  public static final String DICT = "dev.kiln.nn.ModuleDict";
  public static final String MASK = "dev.kiln.nn.Mask";
  public static final String TENSOR = "dev.kiln.tensor.Tensor";
  public static final String F = "dev.kiln.nn.F";
  private static final String MODEL = "dev.kiln.Model";
  private static final String LAYER = "dev.kiln.Layer";
  private static final String CONTRACT = "dev.kiln.ShapeContract";
  private final Elements elements;
  private final Types types;

  /** The {@code F} function of a built-in activation layer's class, or null for another class. */
  public static String activation(String qualifiedName) {
    return switch (qualifiedName) {
      case "dev.kiln.nn.ReLU" -> "relu";
      case "dev.kiln.nn.Tanh" -> "tanh";
      case "dev.kiln.nn.Sigmoid" -> "sigmoid";
      default -> null;
    };
  }

  public Kinds(Elements elements, Types types) {
    this.elements = elements;
    this.types = types;
  }

  public boolean isModule(TypeMirror t) {
    return isSubtype(t, MODULE);
  }

  /** A layer (one or several inputs), a nested model, a ModuleList or ModuleDict, or neither. */
  public boolean isLayerType(TypeMirror t) {
    return isSubtype(t, UNARY) || isSubtype(t, MULTI) || isModelType(t) || isSubtype(t, LIST)
        || isSubtype(t, DICT);
  }


  public boolean isModelType(TypeMirror t) {
    return t instanceof DeclaredType d && annotation(d.asElement(), MODEL) != null;
  }

  public boolean isLayerField(Element f) {
    return annotation(f, LAYER) != null;
  }

  public boolean isForward(Element m) {
    return annotation(m, "dev.kiln.Forward") != null;
  }

  public boolean isTensor(TypeMirror t) {
    return types.erasure(t).toString().equals(TENSOR);
  }

  private boolean isSubtype(TypeMirror t, String name) {
    TypeElement e = elements.getTypeElement(name);
    return e != null && types.isSubtype(types.erasure(t), types.erasure(e.asType()));
  }

  public List<ExecutableElement> constructors(TypeElement type) {
    return ElementFilter.constructorsIn(type.getEnclosedElements());
  }

  /**
   * The {@code @ShapeContract} variants of a layer type in declaration order (repeated ones come
   * in their {@code @ShapeContracts} container), or an empty list.
   */
  public List<Contract> contracts(TypeElement layer) {
    List<Contract> out = new ArrayList<>();
    AnnotationMirror one = annotation(layer, CONTRACT);
    if (one != null) {
      out.add(contract(one));
    }
    AnnotationMirror many = annotation(layer, CONTRACT + "s");
    if (many != null) {
      for (Object o : (List<?>) values(many).get("value")) {
        out.add(contract((AnnotationMirror) ((AnnotationValue) o).getValue()));
      }
    }
    return out;
  }

  private Contract contract(AnnotationMirror a) {
    Map<String, Object> v = values(a);
    return new Contract(strings(v.get("args")), (String) v.get("input"), (String) v.get("output"),
        strings(v.get("requires")), (String) v.get("when"), strings(v.get("inputs")),
        strings(v.get("outputs")));
  }

  private Map<String, Object> values(AnnotationMirror a) {
    Map<String, Object> out = new java.util.HashMap<>();
    elements.getElementValuesWithDefaults(a).forEach((k, v) ->
        out.put(k.getSimpleName().toString(), v.getValue()));
    return out;
  }

  private static List<String> strings(Object list) {
    List<String> out = new ArrayList<>();
    for (Object o : (List<?>) list) {
      out.add((String) ((AnnotationValue) o).getValue());
    }
    return out;
  }

  /** The text of one {@code @ShapeContract}. */
  public record Contract(List<String> args, String input, String output, List<String> requires,
      String when, List<String> inputs, List<String> outputs) {}

  private static AnnotationMirror annotation(Element e, String name) {
    for (AnnotationMirror a : e.getAnnotationMirrors()) {
      if (((TypeElement) a.getAnnotationType().asElement()).getQualifiedName().contentEquals(name)) {
        return a;
      }
    }
    return null;
  }

  /** The value of a single-element annotation like {@code @Shape("B, 3")} on {@code e}, or null. */
  public static String annotationValue(Element e, String name) {
    AnnotationMirror a = annotation(e, name);
    if (a == null) {
      return null;
    }
    for (Map.Entry<? extends ExecutableElement, ? extends AnnotationValue> v
        : a.getElementValues().entrySet()) {
      return String.valueOf(v.getValue().getValue());
    }
    return "";
  }
}
