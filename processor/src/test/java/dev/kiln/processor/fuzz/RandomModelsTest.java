package dev.kiln.processor.fuzz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import com.google.testing.compile.Compilation;
import dev.kiln.nn.Module;
import dev.kiln.nn.Parameter;
import dev.kiln.nn.Rng;
import dev.kiln.tensor.GradCheck;
import dev.kiln.tensor.Tensor;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Function;
import javax.tools.Diagnostic;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;

/**
 * Random valid models ({@link ModelGen}), compiled in-process by the real processor with
 * {@code -Xlint:all} and no diagnostics allowed, loaded, and checked: the compiled forward
 * equals the eager evaluation of the same body bit for bit, the compiled backward equals the
 * eager backward (input and every parameter gradient) within {@code 1e-6 + 1e-5 |e|} (float32
 * sums taken in another order), a second call at another batch size agrees the same way, and
 * the eager and the compiled paths pass {@link GradCheck} (float64, per element, PyTorch's
 * tolerances) and their float32 gradients match the float64 ones. Seeds 0..N-1 with N = {@code -Dkiln.fuzz.models}
 * (300 by default); a failure prints the model's source.
 */
class RandomModelsTest {
  static final int MODELS = Integer.getInteger("kiln.fuzz.models", 300);
  static final long FIRST_SEED = Long.getLong("kiln.fuzz.first", 0);
  static final int CHUNK = 100;

  @Test
  void compiledEqualsEagerAndGradientsCheck() throws Exception {
    int bitwiseBackward = 0;
    int checked = 0;
    List<String> failures = new ArrayList<>();
    for (long start = FIRST_SEED; start < FIRST_SEED + MODELS; start += CHUNK) {
      List<ModelGen.Generated> models = new ArrayList<>();
      List<JavaFileObject> files = new ArrayList<>();
      for (long s = start; s < Math.min(start + CHUNK, FIRST_SEED + MODELS); s++) {
        ModelGen.Generated g = ModelGen.generate(s);
        models.add(g);
        files.addAll(Harness.files(g));
      }
      Compilation c = Harness.compile(files);
      List<Diagnostic<? extends JavaFileObject>> diagnostics = Harness.relevant(c);
      if (!diagnostics.isEmpty()) {
        StringBuilder sb = new StringBuilder();
        for (Diagnostic<? extends JavaFileObject> d : diagnostics) {
          sb.append(d.getKind()).append(' ').append(d.getSource() == null ? "" : d.getSource()
              .getName()).append(':').append(d.getLineNumber()).append(' ')
              .append(d.getMessage(null)).append('\n');
          String src = d.getSource() == null ? "" : d.getSource().getName();
          for (ModelGen.Generated g : models) {
            if (src.endsWith("/" + g.name() + ".java")) {
              sb.append(g.text());
              break;
            }
          }
          if (sb.length() > 20_000) {
            break;
          }
        }
        fail("valid models did not compile cleanly:\n" + sb);
      }
      if (System.getProperty("kiln.fuzz.dump") != null) {
        for (JavaFileObject f : c.generatedSourceFiles()) {
          java.nio.file.Path out = java.nio.file.Path.of(System.getProperty("kiln.fuzz.dump"),
              f.getName().replaceAll(".*/", ""));
          java.nio.file.Files.createDirectories(out.getParent());
          java.nio.file.Files.writeString(out, f.getCharContent(true));
        }
      }
      ClassLoader loader = Harness.loader(c);
      for (ModelGen.Generated g : models) {
        try {
          bitwiseBackward += check(g, loader) ? 1 : 0;
          checked++;
        } catch (Throwable t) {
          failures.add("seed " + g.seed() + ": " + t + " at " + java.util.Arrays.toString(java.util.Arrays.copyOf(t.getStackTrace(), Math.min(12, t.getStackTrace().length))) + "\n" + g.text());
          if (failures.size() >= Integer.getInteger("kiln.fuzz.maxFailures", 3)) {
            fail(failures.size() + " models failed:\n" + String.join("\n", failures));
          }
        }
      }
    }
    if (!failures.isEmpty()) {
      fail(failures.size() + " models failed:\n" + String.join("\n", failures));
    }
    System.out.println("RandomModelsTest: " + checked + " models, backward bitwise equal in "
        + bitwiseBackward);
    assertEquals(MODELS, checked);
  }

  /** Checks one model; returns whether the compiled backward was bitwise equal to eager. */
  static boolean check(ModelGen.Generated g, ClassLoader loader) throws Exception {
    Class<?> k = loader.loadClass("test.Kiln" + g.name());
    Rng.manualSeed(g.seed());
    Module m;
    if (g.ctorArg() != null) {
      Constructor<?> ctor = k.getDeclaredConstructor(int.class);
      ctor.setAccessible(true);
      m = (Module) ctor.newInstance(g.ctorArg());
    } else {
      Constructor<?> ctor = k.getDeclaredConstructor();
      ctor.setAccessible(true);
      m = (Module) ctor.newInstance();
    }
    Method compiled = k.getMethod("forward", Tensor.class);
    compiled.setAccessible(true);
    Method eager = k.getDeclaredMethod("forwardEager", Tensor.class);
    eager.setAccessible(true);
    Function<Tensor, Tensor> fc = x -> invoke(compiled, m, x);
    Function<Tensor, Tensor> fe = x -> invoke(eager, m, x);
    SplittableRandom r = new SplittableRandom(g.seed());
    int b1 = 1 + r.nextInt(4);
    boolean bitwise = compare(m, fc, fe, shape(b1, g.inputDims()), r);
    bitwise &= compare(m, fc, fe, shape(b1 + 3, g.inputDims()), r);
    // float64 gradient check of the eager path, at a small batch
    Tensor x = random(r, shape(2, g.inputDims())).requiresGrad(true);
    List<Tensor> wrt = new ArrayList<>(List.of(x));
    List<Tensor> constants = new ArrayList<>();
    m.parameters().forEach(p -> p.setGrad(null));
    // (one forward, then its backward: a second forward first would leave a nested compiled
    // model's first output overwritten, which its backward refuses)
    Tensor y0 = fe.apply(x.detach().requiresGrad(true));
    y0.backward(random(r, y0.shape()));
    for (Parameter p : m.parameters()) {
      (p.grad() == null ? constants : wrt).add(p);
    }
    m.parameters().forEach(p -> p.setGrad(null));
    GradCheck.checkWith(g.seed(), constants, () -> fe.apply(x), wrt.toArray(new Tensor[0]));
    // and of the compiled path: its plans are per device, so it runs in float64 too
    GradCheck.checkWith(g.seed(), constants, () -> fc.apply(x), wrt.toArray(new Tensor[0]));
    return bitwise;
  }

  private static boolean compare(Module m, Function<Tensor, Tensor> fc,
      Function<Tensor, Tensor> fe, int[] inShape, SplittableRandom r) {
    int batch = inShape[0];
    Tensor x = random(r, inShape);
    long dySeed = r.nextLong();
    List<float[]> c = run(m, fc, x, new SplittableRandom(dySeed));
    List<float[]> e = run(m, fe, x, new SplittableRandom(dySeed));
    assertArrayBits(e.get(0), c.get(0), "output at batch " + batch);
    boolean bitwise = true;
    for (int i = 1; i < c.size(); i++) {
      float[] a = c.get(i);
      float[] b = e.get(i);
      for (int j = 0; j < a.length; j++) {
        bitwise &= Float.floatToIntBits(a[j]) == Float.floatToIntBits(b[j]);
        if (!(Math.abs(a[j] - b[j]) <= 1e-6 + 1e-5 * Math.abs(b[j]))) {
          fail("gradient " + i + " at batch " + batch + " element " + j + ": compiled " + a[j]
              + " vs eager " + b[j]);
        }
      }
    }
    return bitwise;
  }

  private static void assertArrayBits(float[] e, float[] a, String what) {
    assertEquals(e.length, a.length, what + ": size");
    for (int i = 0; i < e.length; i++) {
      if (Float.floatToIntBits(e[i]) != Float.floatToIntBits(a[i])) {
        fail(what + " element " + i + ": compiled " + a[i] + " vs eager " + e[i]);
      }
    }
  }

  /** Output, input gradient and every parameter's gradient (zeros where none). */
  private static List<float[]> run(Module m, Function<Tensor, Tensor> f, Tensor x,
      SplittableRandom r) {
    m.parameters().forEach(p -> p.setGrad(null));
    Tensor in = x.detach().requiresGrad(true);
    Tensor y = f.apply(in);
    List<float[]> out = new ArrayList<>();
    out.add(y.toFloatArray());
    y.backward(random(r, y.shape()));
    out.add(in.grad() == null ? new float[in.numel()] : in.grad().toFloatArray());
    for (Parameter p : m.parameters()) {
      out.add(p.grad() == null ? new float[p.numel()] : p.grad().toFloatArray());
    }
    return out;
  }

  static int[] shape(int batch, int[] dims) {
    int[] s = new int[dims.length + 1];
    s[0] = batch;
    System.arraycopy(dims, 0, s, 1, dims.length);
    return s;
  }

  static Tensor random(SplittableRandom r, int... shape) {
    float[] v = new float[dev.kiln.tensor.Shapes.numel(shape)];
    for (int i = 0; i < v.length; i++) {
      v[i] = (float) r.nextDouble(-1, 1);
    }
    return Tensor.of(v, shape);
  }

  private static Tensor invoke(Method method, Module m, Tensor x) {
    try {
      return (Tensor) method.invoke(m, x);
    } catch (InvocationTargetException e) {
      if (e.getCause() instanceof RuntimeException re) {
        throw re;
      }
      throw new IllegalStateException(e.getCause());
    } catch (IllegalAccessException e) {
      throw new IllegalStateException(e);
    }
  }
}
