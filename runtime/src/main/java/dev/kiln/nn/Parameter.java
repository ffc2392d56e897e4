package dev.kiln.nn;

import dev.kiln.tensor.Device;
import dev.kiln.tensor.Tensor;

/** A tensor that is a module's learnable weight: it requires grad. */
public final class Parameter extends Tensor {
  /** A zero-filled parameter on {@code device}. */
  public Parameter(Device device, int... shape) {
    super(device, device.zeros(shape).buffer(), shape);
    requiresGrad(true);
  }

  /** A CPU parameter holding a copy of {@code data}. */
  public Parameter(float[] data, int... shape) {
    super(Device.cpu(), Tensor.of(data, shape).buffer(), shape);
    requiresGrad(true);
  }

  /** Moves the values, and the gradient if any, to {@code device}, keeping this object. */
  void moveStorage(Device device) {
    moveTo(device);
    if (grad() != null) {
      setGrad(grad().to(device));
    }
  }

  @Override
  public String toString() {
    return "Parameter containing:\n" + super.toString();
  }
}
