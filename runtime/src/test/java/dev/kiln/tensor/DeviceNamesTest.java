package dev.kiln.tensor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/** Device names and the {@code kiln.device} property; the default stays the CPU. */
class DeviceNamesTest {
  @Test
  void namesParse() {
    assertSame(Device.cpu(), Device.named("cpu"));
    assertSame(Device.cpu(), Device.named(" CPU "));
    for (String bad : new String[] {"tpu", "opencl:x", "opencl:"}) {
      IllegalArgumentException e =
          assertThrows(IllegalArgumentException.class, () -> Device.named(bad));
      assertEquals("unknown device '" + bad + "'; expected cpu, opencl or opencl:N",
          e.getMessage());
    }
  }

  @Test
  void thePropertyChoosesTheDevice() {
    String before = System.getProperty(DeviceNames.PROPERTY);
    try {
      System.setProperty(DeviceNames.PROPERTY, "cpu");
      assertSame(Device.cpu(), Device.configured());
      System.setProperty(DeviceNames.PROPERTY, "nonsense");
      assertThrows(IllegalArgumentException.class, Device::configured);
    } finally {
      if (before == null) {
        System.clearProperty(DeviceNames.PROPERTY);
      } else {
        System.setProperty(DeviceNames.PROPERTY, before);
      }
    }
  }

  @Test
  void tensorsAreCreatedOnTheCpuByDefault() {
    assertSame(Device.cpu(), Tensor.zeros(2).device());
    assertSame(Device.cpu(), Tensor.of(new float[] {1}, 1).device());
    Tensor t = Tensor.of(new float[] {1, 2}, 2);
    assertSame(t, t.to(Device.cpu()));
  }
}
