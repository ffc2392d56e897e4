package dev.kiln.backend.cpu;

/**
 * Contiguous runs of the tensor-op kernels: vectorised by {@link VectorRuns} when {@link
 * Simd#ENABLED} and the run is long enough, else plain loops with the same arithmetic.
 */
final class Runs {
  private static final int MIN_VECTOR = 16;

  private Runs() {}

  /** {@code dst[dO + i] += src[so + i]} for {@code i < len}. */
  static void add(float[] src, int so, float[] dst, int dO, int len) {
    if (Simd.ENABLED && len >= MIN_VECTOR) {
      VectorRuns.add(src, so, dst, dO, len);
      return;
    }
    for (int i = 0; i < len; i++) {
      dst[dO + i] += src[so + i];
    }
  }

  /** {@code dst += a * src}, whole arrays. */
  static void scaleAdd(float a, float[] src, float[] dst) {
    if (Simd.ENABLED && dst.length >= MIN_VECTOR) {
      VectorRuns.scaleAdd(a, src, dst, dst.length);
      return;
    }
    for (int i = 0; i < dst.length; i++) {
      dst[i] += a * src[i];
    }
  }

  /** {@code out[off + i] = m[mOff + i * mStride] != 0 ? value : in[off + i]}. */
  static void maskedFill(float[] in, float[] m, int mOff, int mStride, float value, float[] out,
      int off, int len) {
    if (mStride == 1 && Simd.ENABLED && len >= MIN_VECTOR) {
      VectorRuns.maskedFill(in, m, mOff, value, out, off, len);
    } else if (mStride == 0) {
      if (m[mOff] != 0f) {
        java.util.Arrays.fill(out, off, off + len, value);
      } else if (in != out) {
        System.arraycopy(in, off, out, off, len);
      }
    } else {
      for (int i = 0; i < len; i++) {
        out[off + i] = m[mOff + i] != 0f ? value : in[off + i];
      }
    }
  }

  /** {@code out[off + i] += m[mOff + i * mStride] == 0 ? in[off + i] : 0}. */
  static void maskedAdd(float[] in, float[] m, int mOff, int mStride, float[] out, int off,
      int len) {
    if (mStride == 0) {
      if (m[mOff] == 0f) {
        add(in, off, out, off, len);
      }
    } else if (Simd.ENABLED && len >= MIN_VECTOR) {
      VectorRuns.maskedAdd(in, m, mOff, out, off, len);
    } else {
      for (int i = 0; i < len; i++) {
        if (m[mOff + i] == 0f) {
          out[off + i] += in[off + i];
        }
      }
    }
  }
}
