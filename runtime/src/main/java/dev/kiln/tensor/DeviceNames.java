package dev.kiln.tensor;

import dev.kiln.backend.opencl.OpenClUnavailableException;
import java.util.Locale;

/** Device names ({@code cpu}, {@code opencl}, {@code opencl:N}) and the configured device. */
final class DeviceNames {
  static final String PROPERTY = "kiln.device";
  static final String VARIABLE = "KILN_DEVICE";

  private DeviceNames() {}

  static Device parse(String name) {
    String n = name.trim().toLowerCase(Locale.ROOT);
    if (n.equals("cpu")) {
      return Device.cpu();
    }
    if (n.equals("opencl")) {
      return Device.opencl();
    }
    if (n.startsWith("opencl:")) {
      try {
        return Device.opencl(Integer.parseInt(n.substring("opencl:".length())));
      } catch (NumberFormatException e) {
        // reported below
      }
    }
    throw new IllegalArgumentException(
        "unknown device '" + name + "'; expected cpu, opencl or opencl:N");
  }

  static Device configured() {
    String source = PROPERTY;
    String name = System.getProperty(PROPERTY);
    if (name == null || name.isBlank()) {
      source = VARIABLE;
      name = System.getenv(VARIABLE);
    }
    if (name == null || name.isBlank()) {
      return Device.cpu();
    }
    try {
      return parse(name);
    } catch (OpenClUnavailableException e) {
      System.err.println("kiln: " + source + "=" + name + " but " + e.getMessage()
          + "; using the CPU");
      return Device.cpu();
    }
  }
}
