package dev.kiln.io;

import dev.kiln.backend.cpu.CpuBuffer;
import dev.kiln.tensor.Device;
import dev.kiln.tensor.Shapes;
import dev.kiln.tensor.Tensor;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * One tensor as a safetensors file stores it: a dtype, a shape and its row-major little-endian
 * bytes. Read from a file, {@code data} is a read-only view of the mapped file; nothing is
 * copied onto the heap until {@link #toTensor()}.
 *
 * @param data exactly {@code numel * dtype.size()} bytes, position 0
 */
public record StoredTensor(DType dtype, int[] shape, ByteBuffer data) {
  /** Validates the byte count; keeps a read-only little-endian view of {@code data}. */
  public StoredTensor {
    shape = shape.clone();
    long need = (long) Shapes.numel(shape) * dtype.size();
    if (data.remaining() != need) {
      throw new IllegalArgumentException(dtype + " " + Shapes.toString(shape) + " needs " + need
          + " bytes, got " + data.remaining());
    }
    data = data.slice().asReadOnlyBuffer().order(ByteOrder.LITTLE_ENDIAN);
  }

  /** A stored copy of {@code t}'s values as F32. */
  public static StoredTensor of(Tensor t) {
    float[] values = t.toFloatArray();
    ByteBuffer b = ByteBuffer.allocate(4 * values.length).order(ByteOrder.LITTLE_ENDIAN);
    b.asFloatBuffer().put(values);
    return new StoredTensor(DType.F32, t.shape(), b);
  }

  /** The raw little-endian elements {@code bytes} (copied) of type {@code dtype}. */
  public static StoredTensor of(DType dtype, int[] shape, byte[] bytes) {
    return new StoredTensor(dtype, shape, ByteBuffer.wrap(bytes.clone()));
  }

  @Override
  public int[] shape() {
    return shape.clone();
  }

  public int numel() {
    return Shapes.numel(shape);
  }

  /** A copy of the stored bytes. */
  public byte[] bytes() {
    byte[] out = new byte[data.remaining()];
    data.duplicate().get(out);
    return out;
  }

  /**
   * A float32 CPU tensor with the same values. Every dtype converts when each value is exactly a
   * float32 (always for F16, BF16, the 8- and 16-bit types and BOOL; value by value for F64 and
   * the 32- and 64-bit integers).
   *
   * @throws IllegalArgumentException naming the first element float32 cannot hold exactly
   */
  public Tensor toTensor() {
    return new Tensor(Device.cpu(), new CpuBuffer(Float32Conversion.convert(dtype, data, numel())),
        shape);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof StoredTensor s && s.dtype == dtype && Arrays.equals(s.shape, shape)
        && s.data.equals(data);
  }

  @Override
  public int hashCode() {
    return 31 * (31 * dtype.hashCode() + Arrays.hashCode(shape)) + data.hashCode();
  }

  @Override
  public String toString() {
    return "StoredTensor(" + dtype + ", " + Shapes.toString(shape) + ")";
  }
}
