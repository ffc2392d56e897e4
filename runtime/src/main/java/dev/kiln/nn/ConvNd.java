package dev.kiln.nn;

import dev.kiln.backend.ConvParams;
import dev.kiln.backend.Kernels;
import dev.kiln.tensor.Device;
import dev.kiln.tensor.Shapes;
import dev.kiln.tensor.Tensor;

/**
 * What {@link Conv1d}, {@link Conv2d} and {@link ConvTranspose2d} share, as PyTorch's {@code
 * _ConvNd}: the options, the parameters ({@code weight}, then {@code bias}), PyTorch's default
 * initialisation (both {@code U(-1/sqrt(fanIn), 1/sqrt(fanIn))}, {@code fanIn = weight.size(1) *
 * kernel positions}), size checks, the repr, and the kernel calls. Sizes are kept as {@code
 * (height, width)} pairs; a 1-d convolution has height 1 everywhere. The im2col scratch lives in
 * the call's {@link Workspace}.
 */
public abstract class ConvNd extends UnaryModule {
  final int spatial;
  final boolean transposed;
  final int inChannels;
  final int outChannels;
  final int[] kernel = {1, 1};
  final int[] stride = {1, 1};
  final int[] padding = {0, 0};
  final int[] dilation = {1, 1};
  final int[] outputPadding = {0, 0};
  /** {@code "same"} or {@code "valid"} when padding was given as a string, else null. */
  String paddingString;
  int groups = 1;
  private boolean hasBias = true;
  private Parameter weight;
  private Parameter bias;
  private ConvParams params;

  ConvNd(int spatial, boolean transposed, int inChannels, int outChannels, int kh, int kw) {
    this.spatial = spatial;
    this.transposed = transposed;
    this.inChannels = inChannels;
    this.outChannels = outChannels;
    if (inChannels <= 0 || outChannels <= 0) {
      throw new IllegalArgumentException(typeName() + "(" + inChannels + ", " + outChannels
          + "): in_channels and out_channels must be positive");
    }
    setPair(kernel, "kernel_size", kh, kw, 1);
    rebuild();
  }

  /**
   * The weight: {@code (out, in/groups, *kernel)}, or {@code (in, out/groups, *kernel)} for a
   * transposed convolution.
   */
  public Parameter weight() {
    return weight;
  }

  /** The bias {@code (out)}, or null with {@code bias(false)}. */
  public Parameter bias() {
    return bias;
  }

  public int inChannels() {
    return inChannels;
  }

  public int outChannels() {
    return outChannels;
  }

  /** Sets a pair option (height, width), each at least {@code min}; a 1-d layer takes width. */
  final void setPair(int[] pair, String name, int h, int w, int min) {
    if (h < min || w < min) {
      throw new IllegalArgumentException(typeName() + ": " + name + " must be at least " + min
          + ", got " + (spatial == 1 ? "" + w : "(" + h + ", " + w + ")"));
    }
    if (pair == stride && paddingString != null && paddingString.equals("same") && h * w != 1) {
      throw new IllegalArgumentException(
          typeName() + ": padding='same' is not supported for strided convolutions");
    }
    pair[0] = spatial == 1 ? pair[0] : h;
    pair[1] = w;
    if (pair == padding) {
      paddingString = null;
    }
    if (pair == kernel && weight != null) {
      rebuild();
    }
    params = convParams();
  }

  /** A pair given as an array of {@code spatial} elements. */
  final void setPair(int[] pair, String name, int[] v, int min) {
    if (v.length != spatial) {
      throw new IllegalArgumentException(typeName() + ": " + name + " must have " + spatial
          + " element" + (spatial == 1 ? "" : "s") + ", got " + v.length);
    }
    setPair(pair, name, v[0], v[spatial - 1], min);
  }

  final void setPadding(String mode) {
    if (!mode.equals("same") && !mode.equals("valid")) {
      throw new IllegalArgumentException(typeName() + ": invalid padding string '" + mode
          + "', should be one of {'valid', 'same'}");
    }
    if (mode.equals("same") && (stride[0] != 1 || stride[1] != 1)) {
      throw new IllegalArgumentException(
          typeName() + ": padding='same' is not supported for strided convolutions");
    }
    padding[0] = 0;
    padding[1] = 0;
    paddingString = mode;
    params = convParams();
  }

  final void setGroups(int g) {
    if (g <= 0) {
      throw new IllegalArgumentException(typeName() + ": groups must be a positive integer, got "
          + g);
    }
    if (inChannels % g != 0 || outChannels % g != 0) {
      String which = inChannels % g != 0 ? "in_channels" : "out_channels";
      throw new IllegalArgumentException(typeName() + ": " + which
          + " must be divisible by groups, got in_channels=" + inChannels + ", out_channels="
          + outChannels + ", groups=" + g);
    }
    groups = g;
    rebuild();
  }

  final void setBias(boolean b) {
    hasBias = b;
    rebuild();
  }

  /** (Re)creates and initialises the parameters for the current shape options. */
  private void rebuild() {
    unregisterParameter("weight");
    unregisterParameter("bias");
    int first = transposed ? inChannels : outChannels;
    int second = (transposed ? outChannels : inChannels) / groups;
    int[] shape = spatial == 1 ? new int[] {first, second, kernel[1]}
        : new int[] {first, second, kernel[0], kernel[1]};
    int fanIn = second * kernel[0] * kernel[1];
    weight = registerParameter("weight", init(new Parameter(Device.cpu(), shape), fanIn));
    bias = hasBias
        ? registerParameter("bias", init(new Parameter(Device.cpu(), outChannels), fanIn))
        : null;
    params = convParams();
  }

  private static Parameter init(Parameter p, int fanIn) {
    // kaiming_uniform_(a=sqrt(5)) gives the same bound as the bias: 1/sqrt(fan_in)
    float[] v = new float[p.numel()];
    Rng.uniform(v, 1 / Math.sqrt(fanIn));
    p.device().kernels().copy(Tensor.of(v, p.shape()), p);
    return p;
  }

  private ConvParams convParams() {
    int ph = padding[0];
    int pw = padding[1];
    if ("same".equals(paddingString)) {
      // the total d*(k-1) split as PyTorch does: the smaller half before, the rest after
      ph = dilation[0] * (kernel[0] - 1) / 2;
      pw = dilation[1] * (kernel[1] - 1) / 2;
    }
    return new ConvParams(spatial, kernel[0], kernel[1], stride[0], stride[1], ph, pw,
        dilation[0], dilation[1], groups);
  }

  /** The geometry the kernels read. */
  public final ConvParams params() {
    return params;
  }

  @Override
  public int[] outputShape(int[] in) {
    return ConvShapes.output(this, in);
  }

  @Override
  public void forwardInto(Tensor x, Tensor y) {
    forwardInto(x, y, new Workspace());
  }

  @Override
  public void forwardInto(Tensor x, Tensor y, Workspace ws) {
    Kernels k = x.device().kernels();
    if (transposed) {
      k.convTranspose(x, weight, bias, y, params, scratch(x, y, ws));
    } else {
      k.conv(x, weight, bias, y, params, scratch(x, y, ws));
    }
  }

  @Override
  public void backwardInto(Tensor x, Tensor y, Tensor dy, Tensor dx) {
    backwardInto(x, y, dy, dx, new Workspace());
  }

  @Override
  public void backwardInto(Tensor x, Tensor y, Tensor dy, Tensor dx, Workspace ws) {
    Kernels k = x.device().kernels();
    Tensor dw = gradOf(weight);
    Tensor db = bias == null ? null : gradOf(bias);
    if (transposed) {
      k.convTransposeBackward(x, weight, dy, dx, dw, db, params, scratch(x, y, ws));
    } else {
      k.convBackward(x, weight, dy, dx, dw, db, params, scratch(x, y, ws));
    }
  }

  /** Slot 0 of {@code ws}: the im2col scratch, kept while it is large enough. */
  private Tensor scratch(Tensor x, Tensor y, Workspace ws) {
    int floats = params.scratchFloats(x, y, transposed);
    if (floats == 0) {
      return null;
    }
    Tensor t = ws.peek(0);
    return t != null && t.device() == x.device() && t.numel() >= floats ? t
        : ws.get(0, x.device(), floats);
  }

  @Override
  protected String extraRepr() {
    StringBuilder s = new StringBuilder().append(inChannels).append(", ").append(outChannels)
        .append(", kernel_size=").append(tuple(kernel)).append(", stride=").append(tuple(stride));
    if (paddingString != null) {
      s.append(", padding=").append(paddingString);
    } else if (padding[0] != 0 || padding[1] != 0) {
      s.append(", padding=").append(tuple(padding));
    }
    if (dilation[0] != 1 || dilation[1] != 1) {
      s.append(", dilation=").append(tuple(dilation));
    }
    if (outputPadding[0] != 0 || outputPadding[1] != 0) {
      s.append(", output_padding=").append(tuple(outputPadding));
    }
    if (groups != 1) {
      s.append(", groups=").append(groups);
    }
    return s.append(bias == null ? ", bias=False" : "").toString();
  }

  /** A pair as Python prints the tuple: {@code (3, 3)}, or {@code (3,)} for a 1-d layer. */
  final String tuple(int[] pair) {
    return spatial == 1 ? "(" + pair[1] + ",)" : "(" + pair[0] + ", " + pair[1] + ")";
  }

  /** A pair as the error messages print it: {@code 3} or {@code 3 x 3}. */
  final String sizes(int h, int w) {
    return spatial == 1 ? "" + w : h + " x " + w;
  }

  static String shape(int[] s) {
    return Shapes.toString(s);
  }
}
