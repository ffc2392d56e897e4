package dev.kiln.io;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Converts stored elements to float32: exactly, or not at all. Values of the narrow types are
 * always float32s; F64, I32, U32, I64 and U64 values must each be one exactly, else the
 * conversion throws naming the first value that is not.
 */
final class Float32Conversion {
  private Float32Conversion() {}

  /** The {@code numel} elements of {@code data} (little-endian {@code dtype}) as floats. */
  static float[] convert(DType dtype, ByteBuffer data, int numel) {
    ByteBuffer b = data.duplicate().order(ByteOrder.LITTLE_ENDIAN);
    float[] out = new float[numel];
    if (dtype == DType.F32) {
      b.asFloatBuffer().get(out);
      return out;
    }
    for (int i = 0; i < numel; i++) {
      out[i] = element(dtype, b, i);
    }
    return out;
  }

  private static float element(DType dtype, ByteBuffer b, int i) {
    switch (dtype) {
      case BOOL:
        byte v = b.get(i);
        if (v != 0 && v != 1) {
          throw new IllegalArgumentException(
              "BOOL element " + i + " is the byte " + v + ", not 0 or 1");
        }
        return v;
      case U8: return b.get(i) & 0xff;
      case I8: return b.get(i);
      case F8_E5M2: return f16((b.get(i) & 0xff) << 8);
      case F8_E4M3: return e4m3(b.get(i) & 0xff);
      case I16: return b.getShort(2 * i);
      case U16: return b.getShort(2 * i) & 0xffff;
      case F16: return f16(b.getShort(2 * i) & 0xffff);
      case BF16: return Float.intBitsToFloat((b.getShort(2 * i) & 0xffff) << 16);
      case I32: return exact(b.getInt(4 * i), false, dtype, i);
      case U32: return exact(b.getInt(4 * i) & 0xffffffffL, false, dtype, i);
      case I64: return exact(b.getLong(8 * i), false, dtype, i);
      case U64: return exact(b.getLong(8 * i), true, dtype, i);
      case F64:
        double d = b.getDouble(8 * i);
        if ((float) d != d && !Double.isNaN(d)) {
          throw inexact(Double.toString(d), Float.toString((float) d), dtype, i);
        }
        return (float) d;
      default:
        throw new AssertionError(dtype);
    }
  }

  /** IEEE half precision (bits in the low 16) to float; exact, NaN payloads kept. */
  static float f16(int h) {
    int sign = (h & 0x8000) << 16;
    int exp = (h >>> 10) & 0x1f;
    int mant = h & 0x3ff;
    if (exp == 0x1f) {
      return Float.intBitsToFloat(sign | 0x7f800000 | mant << 13);
    }
    if (exp == 0) {
      float sub = mant * 0x1p-24f;
      return sign == 0 ? sub : -sub;
    }
    return Float.intBitsToFloat(sign | (exp + 112) << 23 | mant << 13);
  }

  /** float8 e4m3fn (no infinities; S.1111.111 is NaN) to float. */
  static float e4m3(int x) {
    int exp = (x >>> 3) & 0xf;
    int mant = x & 7;
    float magnitude = exp == 0xf && mant == 7 ? Float.NaN
        : exp == 0 ? mant * 0x1p-9f : (8 + mant) * Math.scalb(1f, exp - 10);
    return (x & 0x80) == 0 ? magnitude : -magnitude;
  }

  /** {@code v} (an unsigned 64-bit value if {@code unsigned}) as a float, if it is exactly one. */
  private static float exact(long v, boolean unsigned, DType dtype, int i) {
    long magnitude = v < 0 && !unsigned ? -v : v; // Long.MIN_VALUE stays 2^63 read unsigned
    int significant = magnitude == 0 ? 0
        : 64 - Long.numberOfLeadingZeros(magnitude) - Long.numberOfTrailingZeros(magnitude);
    float f = unsigned && v < 0 ? (float) (v >>> 1) * 2f : (float) v;
    if (significant > 24) {
      // the nearest float is a whole number here: printed as one, the same on every JDK
      throw inexact(unsigned ? Long.toUnsignedString(v) : Long.toString(v),
          new java.math.BigDecimal(f).toBigInteger().toString(), dtype, i);
    }
    return f;
  }

  private static IllegalArgumentException inexact(String value, String nearest, DType dtype,
      int i) {
    return new IllegalArgumentException(dtype + " element " + i + " is " + value
        + ", which float32 cannot hold exactly (nearest " + nearest + ")");
  }
}
