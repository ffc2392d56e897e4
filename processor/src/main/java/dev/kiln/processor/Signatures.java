package dev.kiln.processor;

import dev.kiln.processor.dims.Pattern;
import dev.kiln.processor.dims.ShapeParser;
import dev.kiln.processor.shape.Signature;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.AnnotationValue;
import javax.lang.model.element.TypeElement;
import javax.lang.model.util.Elements;

/** Reads the {@code @CompiledSignature} of a generated class found on the class path. */
final class Signatures {
  private Signatures() {}

  /** The signature, or null when {@code generated} carries none (or an unreadable one). */
  static Signature read(TypeElement generated, Elements elements) {
    for (AnnotationMirror a : generated.getAnnotationMirrors()) {
      if (!((TypeElement) a.getAnnotationType().asElement()).getQualifiedName()
          .contentEquals("dev.kiln.CompiledSignature")) {
        continue;
      }
      Map<String, Object> v = new HashMap<>();
      elements.getElementValuesWithDefaults(a).forEach((k, x) ->
          v.put(k.getSimpleName().toString(), x.getValue()));
      try {
        List<Pattern> inputs = new ArrayList<>();
        for (String s : strings(v.get("inputs"))) {
          inputs.add(ShapeParser.parse(s));
        }
        Pattern out = ShapeParser.parse((String) v.get("output"));
        return new Signature(strings(v.get("params")), inputs,
            new dev.kiln.processor.dims.Shape(out.dims()));
      } catch (IllegalArgumentException | ClassCastException e) {
        return null;
      }
    }
    return null;
  }

  private static List<String> strings(Object list) {
    List<String> out = new ArrayList<>();
    for (Object o : (List<?>) list) {
      out.add((String) ((AnnotationValue) o).getValue());
    }
    return out;
  }
}
