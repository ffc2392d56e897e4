package dev.kiln.nn;

import static dev.kiln.nn.SampleStats.assertUniform;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kiln.backend.cpu.CpuThreads;
import dev.kiln.tensor.GradCheck;
import dev.kiln.tensor.Tensor;
import java.lang.management.ManagementFactory;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Convolution layers: gradient checks (float64 central differences) for every option, state-dict
 * keys and their order through fluent options, PyTorch's default init bounds, exact error
 * messages, results independent of the thread count, and a warm forward+backward that allocates
 * nothing.
 */
class ConvTest {
  @Test
  void gradientsOfConv2dWithEveryOption() {
    Rng.manualSeed(1);
    Conv2d c = new Conv2d(4, 6, 3).stride(2, 1).padding(1, 2).dilation(1, 2).groups(2);
    Tensor x = GradCheck.leaf(11, 1.0, 2, 4, 5, 6);
    GradCheck.check(() -> c.apply(x), x, c.weight(), c.bias());
  }

  @Test
  void gradientsOfSamePaddingAndPointwise() {
    Rng.manualSeed(2);
    Conv2d same = new Conv2d(3, 2, 4).padding("same").bias(false);
    Tensor x = GradCheck.leaf(12, 1.0, 2, 3, 5, 4);
    GradCheck.check(() -> same.apply(x), x, same.weight());
    Conv2d pointwise = new Conv2d(3, 5, 1);
    GradCheck.check(() -> pointwise.apply(x), x, pointwise.weight(), pointwise.bias());
  }

  @Test
  void gradientsOfConv1dAndConvTranspose2d() {
    Rng.manualSeed(3);
    Conv1d c1 = new Conv1d(4, 2, 3, 2, 1).groups(2).dilation(2);
    Tensor x1 = GradCheck.leaf(13, 1.0, 3, 4, 9);
    GradCheck.check(() -> c1.apply(x1), x1, c1.weight(), c1.bias());
    ConvTranspose2d t = new ConvTranspose2d(4, 6, 3, 2, 1, 1).groups(2).dilation(1, 2);
    Tensor x2 = GradCheck.leaf(14, 1.0, 2, 4, 3, 4);
    GradCheck.check(() -> t.apply(x2), x2, t.weight(), t.bias());
  }

  @Test
  void stateDictKeysFollowTheOptions() {
    assertEquals(List.of("weight", "bias"), List.copyOf(new Conv2d(3, 4, 3).stateDict().keySet()));
    Conv2d c = new Conv2d(4, 4, 3).bias(false);
    assertEquals(List.of("weight"), List.copyOf(c.stateDict().keySet()));
    c.bias(true).groups(2);
    assertEquals(List.of("weight", "bias"), List.copyOf(c.stateDict().keySet()));
    assertArrayEquals(new int[] {4, 2, 3, 3}, c.weight().shape());
    assertArrayEquals(new int[] {4, 3, 2, 5}, new ConvTranspose2d(4, 6, new int[] {2, 5})
        .groups(2).weight().shape());
    assertArrayEquals(new int[] {8, 1, 5}, new Conv1d(2, 8, 5).groups(2).weight().shape());
  }

  @Test
  void initialisationIsPyTorchs() {
    // kaiming_uniform(a=sqrt(5)) and the bias: U(-1/sqrt(fan_in), 1/sqrt(fan_in))
    Rng.manualSeed(4);
    Conv2d c = new Conv2d(64, 128, 3);
    double b = 1 / Math.sqrt(64 * 9);
    assertUniform(c.weight(), -b, b);
    // fan_in from weight dim 1: (in, out/groups, kH, kW) = (64, 64, 3, 3) for the transpose
    ConvTranspose2d t = new ConvTranspose2d(64, 128, 3).groups(2);
    double bt = 1 / Math.sqrt(64 * 9);
    assertUniform(t.weight(), -bt, bt);
    Conv2d wide = new Conv2d(2, 4096, 1);
    assertUniform(wide.bias(), -1 / Math.sqrt(2), 1 / Math.sqrt(2));
  }

  @Test
  void wrongChannelsNameTheLayerAndBothShapes() {
    Conv2d c = new Conv2d(1, 32, 3);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> c.apply(Tensor.zeros(64, 3, 28, 28)));
    assertEquals("Conv2d(1, 32, kernel_size=(3, 3), stride=(1, 1)) expects input (*, 1, H, W)"
        + " but got (64, 3, 28, 28): given groups=1, weight of size [32, 1, 3, 3], expected"
        + " input[64, 3, 28, 28] to have 1 channels, but got 3 channels instead", e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> c.apply(Tensor.zeros(2, 1, 2, 8)));
    assertEquals("Conv2d(1, 32, kernel_size=(3, 3), stride=(1, 1)) cannot take input"
        + " (2, 1, 2, 8): calculated padded input size per channel: (2 x 8). Kernel size:"
        + " (3 x 3). Kernel size can't be greater than actual input size", e.getMessage());
    e = assertThrows(IllegalArgumentException.class,
        () -> new Conv1d(2, 4, 3).apply(Tensor.zeros(5, 2, 3, 7)));
    assertEquals("Conv1d(2, 4, kernel_size=(3,), stride=(1,)) expects input (*, 2, L) but got"
        + " (5, 2, 3, 7): expected 2D (unbatched) or 3D (batched) input to conv1d, but got"
        + " input of size: [5, 2, 3, 7]", e.getMessage());
    e = assertThrows(IllegalArgumentException.class,
        () -> new ConvTranspose2d(2, 2, 3).outputPadding(1).apply(Tensor.zeros(1, 2, 3, 3)));
    assertEquals("ConvTranspose2d(2, 2, kernel_size=(3, 3), stride=(1, 1),"
        + " output_padding=(1, 1)): output padding must be smaller than either stride or"
        + " dilation, but got output_padding=(1, 1), stride=(1, 1), dilation=(1, 1)",
        e.getMessage());
  }

  @Test
  void badOptionsAreRefusedAtConstruction() {
    assertEquals("Conv2d: out_channels must be divisible by groups, got in_channels=4,"
        + " out_channels=6, groups=4", assertThrows(IllegalArgumentException.class,
            () -> new Conv2d(4, 6, 3).groups(4)).getMessage());
    assertEquals("Conv2d: in_channels must be divisible by groups, got in_channels=3,"
        + " out_channels=6, groups=2", assertThrows(IllegalArgumentException.class,
            () -> new Conv2d(3, 6, 3, 1, 0, 1, 2, true)).getMessage());
    assertEquals("Conv2d: padding='same' is not supported for strided convolutions",
        assertThrows(IllegalArgumentException.class,
            () -> new Conv2d(3, 6, 3).padding("same").stride(2)).getMessage());
    assertEquals("Conv2d: invalid padding string 'full', should be one of {'valid', 'same'}",
        assertThrows(IllegalArgumentException.class,
            () -> new Conv2d(3, 6, 3).padding("full")).getMessage());
    assertEquals("Conv1d: kernel_size must be at least 1, got 0",
        assertThrows(IllegalArgumentException.class, () -> new Conv1d(3, 6, 0)).getMessage());
    assertEquals("Conv2d: stride must have 2 elements, got 3", assertThrows(
        IllegalArgumentException.class, () -> new Conv2d(3, 6, 3).stride(new int[] {1, 2, 3}))
        .getMessage());
  }

  @Test
  void resultsDoNotDependOnTheThreadCount() {
    int before = CpuThreads.get();
    try {
      float[][] runs = new float[3][];
      for (int threads = 1; threads <= 3; threads++) {
        CpuThreads.set(threads);
        Rng.manualSeed(5);
        Conv2d c = new Conv2d(6, 20, 3, 1, 1).groups(2);
        Tensor x = Rng.rand(4, 6, 9, 11).requiresGrad(true);
        Tensor y = c.apply(x);
        y.backward(Rng.rand(y.shape()));
        runs[threads - 1] = concat(y, x.grad(), c.weight().grad(), c.bias().grad());
      }
      assertArrayEquals(runs[0], runs[1]);
      assertArrayEquals(runs[0], runs[2]);
    } finally {
      CpuThreads.set(before);
    }
  }

  @Test
  void aWarmForwardAndBackwardAllocateNothing() {
    int before = CpuThreads.get();
    try {
      CpuThreads.set(2);
      Conv2d c = new Conv2d(8, 16, 3).padding(1);
      ConvTranspose2d t = new ConvTranspose2d(16, 8, 3, 2, 1, 1);
      Tensor x = Rng.rand(4, 8, 10, 10);
      Tensor y = Tensor.zeros(c.outputShape(x.shape()));
      Tensor z = Tensor.zeros(t.outputShape(y.shape()));
      Tensor dz = Rng.rand(z.shape());
      Tensor dy = Tensor.zeros(y.shape());
      Tensor dx = Tensor.zeros(x.shape());
      Workspace wc = new Workspace();
      Workspace wt = new Workspace();
      Runnable step = () -> {
        c.forwardInto(x, y, wc);
        t.forwardInto(y, z, wt);
        t.backwardInto(y, z, dz, dy, wt);
        c.backwardInto(x, y, dy, dx, wc);
      };
      for (int i = 0; i < 200; i++) {
        step.run();
      }
      long[] ids = workerIds();
      long empty = allocated(ids);
      long start = allocated(ids);
      for (int i = 0; i < 200; i++) {
        step.run();
      }
      // under 2 bytes a step, as AllocationFreeStepTest: no object per step (one takes 16 or more)
      long bytes = allocated(ids) - start - (start - empty);
      assertTrue(bytes < 400, bytes + " bytes allocated in 200 steps");
    } finally {
      CpuThreads.set(before);
    }
  }

  private static final com.sun.management.ThreadMXBean THREADS =
      (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

  /** This thread's id and the kiln-* worker threads'. */
  private static long[] workerIds() {
    return java.util.stream.Stream.concat(java.util.stream.Stream.of(Thread.currentThread()),
        Thread.getAllStackTraces().keySet().stream()
            .filter(t -> t.getName().startsWith("kiln-") && t != Thread.currentThread()))
        .mapToLong(Thread::getId).toArray();
  }

  /** Bytes allocated by the threads {@code ids}. */
  private static long allocated(long[] ids) {
    long sum = 0;
    for (long id : ids) {
      sum += Math.max(0, THREADS.getThreadAllocatedBytes(id));
    }
    return sum;
  }

  private static float[] concat(Tensor... ts) {
    int n = 0;
    for (Tensor t : ts) {
      n += t.numel();
    }
    float[] out = new float[n];
    int at = 0;
    for (Tensor t : ts) {
      System.arraycopy(t.toFloatArray(), 0, out, at, t.numel());
      at += t.numel();
    }
    return out;
  }
}
