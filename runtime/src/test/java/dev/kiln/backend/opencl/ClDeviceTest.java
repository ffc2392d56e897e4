package dev.kiln.backend.opencl;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kiln.nn.Linear;
import dev.kiln.tensor.Device;
import dev.kiln.tensor.Tensor;
import org.junit.jupiter.api.Test;

/** The OpenCL device: limits, the build-failure report, transfers and device mixing. */
class ClDeviceTest {
  private final ClDevice cl = (ClDevice) OpenClSupport.device();

  @Test
  void aKernelThatFailsToBuildReportsItsNameAndTheBuildLog() {
    ClBuildException e = assertThrows(ClBuildException.class, () -> cl.programs().build(
        "broken_kernel", "broken", "kernel void broken_kernel(global float* x) {"
            + " x[0] = no_such_variable; }"));
    assertEquals("broken_kernel", e.kernel());
    assertTrue(e.getMessage().startsWith("building kernel 'broken_kernel' (broken.cl) for "
        + cl + " failed: CL_BUILD_PROGRAM_FAILURE"), e.getMessage());
    assertTrue(e.log().contains("no_such_variable"), e.log());
    assertTrue(e.getMessage().endsWith(e.log()), e.getMessage());
  }

  @Test
  void anOversizedBufferIsRejectedBeforeAllocationWithBothSizes() {
    long max = cl.info().maxAllocBytes();
    int slabs = (int) (max / (4L << 20)) + 1;
    long bytes = 4L * slabs * (1 << 20);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> cl.zeros(slabs, 1024, 1024));
    assertEquals("shape (" + slabs + ", 1024, 1024) needs " + bytes + " bytes but " + cl
        + " allows at most " + max + " bytes per buffer (CL_DEVICE_MAX_MEM_ALLOC_SIZE)",
        e.getMessage());
  }

  @Test
  void discoveryDescribesTheDevice() {
    ClDeviceInfo info = cl.info();
    assertEquals(info, OpenCl.devices().get(info.index()));
    assertTrue(info.maxAllocBytes() > 0 && info.maxAllocBytes() <= info.globalMemBytes());
    assertTrue(info.maxWorkGroupSize() >= ClLaunch.REDUCE_ITEMS, info.toString());
    assertTrue(cl.toString().startsWith("opencl:" + info.index() + " (" + info.name()));
    assertSame(cl, Device.named("opencl:" + info.index()));
  }

  @Test
  void tensorsMoveToTheDeviceAndBack() {
    Tensor x = Tensor.of(new float[] {1, -2, 3.5f, 0}, 2, 2);
    Tensor onCl = x.to(cl);
    assertSame(cl, onCl.device());
    assertSame(onCl, onCl.to(cl));
    assertArrayEquals(x.toFloatArray(), onCl.toFloatArray());
    Tensor back = onCl.add(onCl).to(Device.cpu());
    assertSame(Device.cpu(), back.device());
    assertArrayEquals(new float[] {2, -4, 7, 0}, back.toFloatArray());
  }

  @Test
  void mixingDevicesInOneOpNamesBoth() {
    Tensor a = Tensor.of(new float[] {1, 2}, 2);
    Tensor b = a.to(cl);
    IllegalArgumentException eager = assertThrows(IllegalArgumentException.class,
        () -> a.add(b));
    assertEquals("tensors on different devices: cpu and " + cl, eager.getMessage());
    Linear layer = new Linear(2, 3);
    IllegalArgumentException kernel = assertThrows(IllegalArgumentException.class,
        () -> layer.apply(b.reshape(1, 2)));
    assertEquals("tensors on different devices: " + cl + " and cpu", kernel.getMessage());
    layer.to(cl);
    assertSame(cl, layer.weight().device());
    assertArrayEquals(new int[] {1, 3}, layer.apply(b.reshape(1, 2)).shape());
    IllegalArgumentException cpuKernel = assertThrows(IllegalArgumentException.class,
        () -> layer.apply(a.reshape(1, 2)));
    assertEquals("tensors on different devices: cpu and " + cl, cpuKernel.getMessage());
  }

  @Test
  void stateDictsAndOptimizerStateLoadAcrossDevices() {
    Linear cpu = new Linear(3, 2);
    Linear gpu = new Linear(3, 2);
    gpu.to(cl);
    gpu.loadStateDict(cpu.stateDict());
    assertSame(cl, gpu.weight().device());
    assertArrayEquals(cpu.weight().toFloatArray(), gpu.weight().toFloatArray());
    dev.kiln.optim.Sgd opt = new dev.kiln.optim.Sgd(gpu.parameters(), 0.1f).momentum(0.9f);
    java.util.Map<String, Tensor> saved = new java.util.LinkedHashMap<>();
    saved.put("0.momentum_buffer", Tensor.of(new float[] {1, 2, 3, 4, 5, 6}, 2, 3));
    opt.loadState(saved);
    Tensor buf = opt.state().get("0.momentum_buffer");
    assertSame(cl, buf.device());
    assertArrayEquals(new float[] {1, 2, 3, 4, 5, 6}, buf.toFloatArray());
  }
}
