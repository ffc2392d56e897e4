package dev.kiln.examples.bench;

/** How a row turns nanoseconds per call into its unit, and which direction is better. */
record Unit(String name, double perCall, boolean higherIsBetter) {
  static final Unit MICROS = new Unit("us", 1e-3, false);
  static final Unit SECONDS = new Unit("s", 1e-9, false);
  static final Unit MILLIS = new Unit("ms", 1e-6, false);

  /** Samples per second for a call that processes {@code batch} samples. */
  static Unit samples(int batch) {
    return new Unit("samples/s", batch * 1e9, true);
  }

  /** GFLOP/s for a call of {@code flops} floating-point operations. */
  static Unit gflops(double flops) {
    return new Unit("GFLOP/s", flops, true);
  }

  double value(double nanos) {
    return higherIsBetter ? perCall / nanos : nanos * perCall;
  }

  String show(double v) {
    return (v >= 1e4 ? String.format("%,.0fk", v / 1e3) : v >= 100 ? String.format("%.0f", v)
        : String.format("%.2f", v)) + " " + name;
  }

  String format(double nanos) {
    return show(value(nanos));
  }

  /** The range of values for the fastest and slowest round. */
  String range(double fastNanos, double slowNanos) {
    String a = show(value(higherIsBetter ? slowNanos : fastNanos));
    String b = show(value(higherIsBetter ? fastNanos : slowNanos));
    return a.substring(0, a.lastIndexOf(' ')) + "-" + b.substring(0, b.lastIndexOf(' '));
  }

  /** How many times better Kiln's median is than PyTorch's figure. */
  double speedup(double nanos, double torch) {
    double v = value(nanos);
    return higherIsBetter ? v / torch : torch / v;
  }
}
