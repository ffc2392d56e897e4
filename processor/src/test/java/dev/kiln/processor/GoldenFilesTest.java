package dev.kiln.processor;

import static com.google.common.truth.Truth.assertWithMessage;
import static com.google.testing.compile.CompilationSubject.assertThat;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.JavaFileObjects;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import javax.tools.JavaFileObject;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Compiles each model in {@code src/test/resources/goldens/<Name>.java} and compares every
 * generated source with the committed {@code Kiln<...>.java} beside it. Run with
 * {@code -Dgoldens.update=true} to rewrite the goldens instead, then review the diff.
 */
class GoldenFilesTest {
  /** Surefire runs in the module folder. */
  private static final Path DIR = Path.of("src/test/resources/goldens");
  private static final boolean UPDATE = Boolean.getBoolean("goldens.update");
  /** A kernel call in the generated plan: a layer's, a nested model's, or the kernels' k. */
  private static final Pattern KERNEL_CALL = Pattern.compile("^\\s*(\\w+(\\.get\\(\\d+\\))?\\."
      + "(forwardInto|backwardInto)\\(|\\w+ = (?!HookedCalls)\\w+\\.forward\\(|k\\.\\w+\\().*");
  private static final Pattern SHAPE_COMMENT = Pattern.compile(".*\\); // .*\\([^()]*\\).*");

  @ParameterizedTest
  @ValueSource(strings = {"SkipNet", "Digits", "Regressor", "Tower"})
  void generatedSourcesMatchGoldens(String model) throws IOException {
    for (Map.Entry<String, String> e : generate(model).entrySet()) {
      Path golden = DIR.resolve(e.getKey() + ".java");
      if (UPDATE) {
        Files.writeString(golden, e.getValue());
        continue;
      }
      assertWithMessage("%s is missing; run with -Dgoldens.update=true to create it", golden)
          .that(Files.exists(golden)).isTrue();
      assertWithMessage("generated %s differs from %s; if the change is intended, rerun with"
          + " -Dgoldens.update=true and review the diff", e.getKey(), golden)
          .that(e.getValue()).isEqualTo(normalize(Files.readString(golden)));
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"SkipNet", "Digits", "Regressor", "Tower"})
  void everyKernelCallCarriesItsShape(String model) throws IOException {
    for (Map.Entry<String, String> e : generate(model).entrySet()) {
      List<String> calls = e.getValue().lines()
          .filter(l -> KERNEL_CALL.matcher(l).matches()).toList();
      assertWithMessage("kernel calls in %s", e.getKey()).that(calls).isNotEmpty();
      for (String line : calls) {
        assertWithMessage("a kernel call in %s without a shape comment", e.getKey())
            .that(line).matches(SHAPE_COMMENT);
      }
    }
  }

  /** Simple name of each generated class to its source. */
  private static Map<String, String> generate(String model) throws IOException {
    String source = Files.readString(DIR.resolve(model + ".java"));
    Compilation c = Sources.compile(List.of(JavaFileObjects.forSourceString("test." + model, source)));
    assertThat(c).succeededWithoutWarnings();
    Map<String, String> out = new LinkedHashMap<>();
    for (JavaFileObject f : c.generatedSourceFiles()) {
      String name = f.getName().substring(f.getName().lastIndexOf('/') + 1).replace(".java", "");
      out.put(name, normalize(f.getCharContent(true).toString()));
    }
    assertWithMessage("generated from %s", model).that(out).containsKey("Kiln" + model);
    return out;
  }

  private static String normalize(String s) {
    return s.replace("\r\n", "\n");
  }
}
