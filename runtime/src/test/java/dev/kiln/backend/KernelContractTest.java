package dev.kiln.backend;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.kiln.backend.opencl.OpenClSupport;
import dev.kiln.tensor.Device;
import dev.kiln.tensor.Tensor;
import java.lang.reflect.Method;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The kernel contract: every case runs on the CPU (the reference) and twice on OpenCL; OpenCL
 * matches the CPU within atol = rtol = 1e-4, and its two runs are bitwise identical.
 */
class KernelContractTest {
  private static final double TOL = 1e-4;

  static List<KernelCase> cases() {
    return KernelCases.all();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void openClMatchesTheCpu(KernelCase c) {
    Device cl = OpenClSupport.device();
    float[][] cpu = run(c, Device.cpu());
    float[][] first = run(c, cl);
    float[][] second = run(c, cl);
    assertEquals(cpu.length, first.length);
    for (int i = 0; i < cpu.length; i++) {
      assertClose(cpu[i], first[i], c.name() + ", output " + i);
      for (int j = 0; j < first[i].length; j++) {
        if (Float.floatToIntBits(first[i][j]) != Float.floatToIntBits(second[i][j])) {
          fail(c.name() + ", output " + i + ": a second run differs at " + j + ": "
              + first[i][j] + " vs " + second[i][j]);
        }
      }
    }
  }

  @Test
  void everyKernelsMethodHasACase() {
    Set<String> covered = new TreeSet<>();
    for (KernelCase c : cases()) {
      covered.addAll(Arrays.asList(c.name().split(" ")));
    }
    Set<String> missing = new TreeSet<>();
    for (Method m : Kernels.class.getDeclaredMethods()) {
      if (!covered.contains(m.getName())) {
        missing.add(m.getName());
      }
    }
    assertTrue(missing.isEmpty(), "Kernels methods without a contract case: " + missing);
  }

  private static float[][] run(KernelCase c, Device device) {
    Tensor[] out = c.body().apply(new KernelCase.Env(device));
    float[][] values = new float[out.length][];
    for (int i = 0; i < out.length; i++) {
      assertEquals(device, out[i].device(), c.name() + ": output " + i + " left the device");
      values[i] = out[i].toFloatArray();
    }
    return values;
  }

  static void assertClose(float[] expected, float[] actual, String what) {
    assertEquals(expected.length, actual.length, what + ": length");
    double worst = 0;
    int bad = -1;
    for (int i = 0; i < expected.length; i++) {
      float e = expected[i];
      float a = actual[i];
      if (Float.isNaN(e) || Float.isNaN(a)) {
        if (Float.isNaN(e) != Float.isNaN(a)) {
          fail(what + ": element " + i + " is " + a + ", expected " + e);
        }
        continue;
      }
      double err = Math.abs((double) a - e);
      if (err > TOL + TOL * Math.abs(e) && bad < 0) {
        bad = i;
      }
      worst = Math.max(worst, err);
    }
    if (bad >= 0) {
      fail(what + ": max error " + worst + ", first bad element " + bad + ": "
          + actual[bad] + " vs CPU " + expected[bad]);
    }
  }
}
