package dev.kiln.processor.fuzz;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.testing.compile.Compilation;
import dev.kiln.io.SafeTensors;
import dev.kiln.nn.Module;
import dev.kiln.nn.Parameter;
import dev.kiln.tensor.Tensor;
import java.lang.reflect.Constructor;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;

/**
 * PyTorch's verdict on a sample of the random models: {@code tools/fixtures/
 * make_generated_fixtures.py} translates each generated source (seeds 0, 10, ..., 290) to a
 * PyTorch module and writes its state dict, an input, the output, an upstream gradient and every
 * gradient to {@code fixtures/generated/g<seed>.safetensors}; here each model, compiled by the
 * processor and loaded with those weights, reproduces them, compiled and eager: outputs within
 * atol 1e-6 / rtol 1e-5, gradients within atol 1e-5 / rtol 1e-4. With {@code
 * -Dkiln.fuzz.export=DIR} the test writes the sample's sources for the script instead.
 */
class GeneratedModelsParityTest {
  static final List<Long> SAMPLE = java.util.stream.LongStream.range(0, 30).map(i -> i * 10)
      .boxed().toList();

  @Test
  void sampleMatchesPytorch() throws Exception {
    List<ModelGen.Generated> models = SAMPLE.stream().map(ModelGen::generate).toList();
    String export = System.getProperty("kiln.fuzz.export");
    if (export != null) {
      export(models, Path.of(export));
      return;
    }
    List<JavaFileObject> files = new ArrayList<>();
    models.forEach(g -> files.addAll(Harness.files(g)));
    Compilation c = Harness.compile(files);
    assertEquals(List.of(), Harness.relevant(c));
    ClassLoader loader = Harness.loader(c);
    int checked = 0;
    for (ModelGen.Generated g : models) {
      Path fixture = Path.of(getClass().getResource("/fixtures/generated/g" + g.seed()
          + ".safetensors").toURI());
      Map<String, Tensor> f = SafeTensors.load(fixture);
      for (String mode : List.of("forward", "forwardEager")) {
        Module m = instantiate(g, loader);
        Map<String, Parameter> params = m.namedParameters();
        Map<String, Tensor> state = new java.util.LinkedHashMap<>();
        params.keySet().forEach(k -> state.put(k, f.get(k)));
        m.loadStateDict(state);
        Method fw = mode.equals("forward") ? m.getClass().getMethod(mode, Tensor.class)
            : m.getClass().getDeclaredMethod(mode, Tensor.class);
        fw.setAccessible(true);
        Tensor x = f.get("input").detach().requiresGrad(true);
        Tensor y = (Tensor) fw.invoke(m, x);
        String what = "seed " + g.seed() + " " + mode + " ";
        close(f.get("output"), y, 1e-6, 1e-5, what + "output", g);
        y.backward(f.get("upstream"));
        close(f.get("grad.input"), x.grad(), 1e-5, 1e-4, what + "grad.input", g);
        for (Map.Entry<String, Parameter> p : params.entrySet()) {
          Tensor expected = f.get("grad." + p.getKey());
          Tensor actual = p.getValue().grad() == null ? Tensor.zerosLike(p.getValue())
              : p.getValue().grad();
          close(expected, actual, 1e-5, 1e-4, what + "grad." + p.getKey(), g);
        }
      }
      checked++;
    }
    assertEquals(SAMPLE.size(), checked);
  }

  static Module instantiate(ModelGen.Generated g, ClassLoader loader) throws Exception {
    Class<?> k = loader.loadClass("test.Kiln" + g.name());
    Constructor<?> ctor = g.ctorArg() == null ? k.getDeclaredConstructor()
        : k.getDeclaredConstructor(int.class);
    ctor.setAccessible(true);
    return (Module) (g.ctorArg() == null ? ctor.newInstance() : ctor.newInstance(g.ctorArg()));
  }

  private static void close(Tensor expected, Tensor actual, double atol, double rtol,
      String what, ModelGen.Generated g) {
    assertNotNull(expected, what + " missing from the fixture");
    assertArrayEquals(expected.shape(), actual.shape(), what + ": shape");
    float[] e = expected.toFloatArray();
    float[] a = actual.toFloatArray();
    for (int i = 0; i < e.length; i++) {
      int at = i;
      assertTrue(Math.abs(a[i] - e[i]) <= atol + rtol * Math.abs(e[i]), () -> what + "[" + at
          + "]: PyTorch " + e[at] + ", Kiln " + a[at] + "\n" + g.text());
    }
  }

  /** Writes each sample model's sources and a line of meta.txt: seed name ctorArg dims... */
  private static void export(List<ModelGen.Generated> models, Path dir) throws Exception {
    Files.createDirectories(dir);
    StringBuilder meta = new StringBuilder();
    for (ModelGen.Generated g : models) {
      for (int i = 0; i < g.sources().size(); i++) {
        Files.write(dir.resolve(g.sourceNames().get(i) + ".java"), g.sources().get(i));
      }
      meta.append(g.seed()).append(' ').append(g.name()).append(' ')
          .append(g.ctorArg() == null ? "-" : g.ctorArg().toString());
      for (int d : g.inputDims()) {
        meta.append(' ').append(d);
      }
      meta.append('\n');
    }
    Files.writeString(dir.resolve("meta.txt"), meta);
  }
}
