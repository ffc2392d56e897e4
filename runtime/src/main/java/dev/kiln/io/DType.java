package dev.kiln.io;

/**
 * The element types the safetensors format defines, by the names its header uses, with their
 * sizes in bytes. Kiln computes in float32 ({@link #F32}); the others are read and written as
 * bytes and converted to float32 where every value survives ({@link StoredTensor#toTensor()}).
 */
public enum DType {
  BOOL(1),
  U8(1),
  I8(1),
  F8_E5M2(1),
  F8_E4M3(1),
  I16(2),
  U16(2),
  F16(2),
  BF16(2),
  I32(4),
  U32(4),
  F32(4),
  F64(8),
  I64(8),
  U64(8);

  private final int size;

  DType(int size) {
    this.size = size;
  }

  /** Bytes per element. */
  public int size() {
    return size;
  }

  /** Whether every value of this type is exactly a float32, so conversion never fails. */
  public boolean widensToF32() {
    switch (this) {
      case BOOL: case U8: case I8: case F8_E5M2: case F8_E4M3: case I16: case U16: case F16:
      case BF16: case F32:
        return true;
      default:
        return false;
    }
  }

  /** The type named {@code name} in a header, or {@code null} if the format defines none. */
  static DType byName(String name) {
    for (DType t : values()) {
      if (t.name().equals(name)) {
        return t;
      }
    }
    return null;
  }
}
