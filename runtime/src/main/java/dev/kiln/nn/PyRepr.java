package dev.kiln.nn;

import java.math.BigDecimal;

/** Python's {@code repr} of values that appear in layer reprs. */
final class PyRepr {
  private PyRepr() {}

  /**
   * {@code repr(float(v))} as Python prints it: the shortest digits ({@code 0.01}, {@code 1.0}),
   * in exponent form below 1e-4 or from 1e16 ({@code 1e-05}, {@code 1e+16}).
   */
  static String floatRepr(float v) {
    if (Float.isNaN(v)) {
      return "nan";
    }
    if (Float.isInfinite(v)) {
      return v > 0 ? "inf" : "-inf";
    }
    if (v == 0) {
      return (Float.floatToRawIntBits(v) < 0 ? "-" : "") + "0.0";
    }
    BigDecimal b = new BigDecimal(Float.toString(v)).stripTrailingZeros();
    int exp = b.precision() - b.scale() - 1;
    String sign = b.signum() < 0 ? "-" : "";
    if (exp < -4 || exp >= 16) {
      String digits = b.unscaledValue().abs().toString();
      String mantissa =
          digits.length() == 1 ? digits : digits.charAt(0) + "." + digits.substring(1);
      return sign + mantissa + "e" + (exp < 0 ? "-" : "+") + (Math.abs(exp) < 10 ? "0" : "")
          + Math.abs(exp);
    }
    String plain = b.toPlainString();
    return plain.contains(".") ? plain : plain + ".0";
  }

  /** Python's {@code repr} of a tuple of ints: {@code (64,)}, {@code (3, 4)}. */
  static String tuple(int... v) {
    StringBuilder b = new StringBuilder("(");
    for (int i = 0; i < v.length; i++) {
      b.append(i > 0 ? ", " : "").append(v[i]);
    }
    return b.append(v.length == 1 ? ",)" : ")").toString();
  }
}
