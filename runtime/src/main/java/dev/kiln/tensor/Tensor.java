package dev.kiln.tensor;

import dev.kiln.backend.Buffer;
import dev.kiln.backend.BinaryOp;
import dev.kiln.backend.CompareOp;
import dev.kiln.backend.cpu.CpuBuffer;
import java.util.List;

/**
 * A float32 n-dimensional array on a device, with an optional gradient. Operations on tensors
 * run eagerly and, when a gradient is wanted, are recorded so that {@link #backward()} can
 * differentiate them, as in PyTorch's autograd.
 */
public class Tensor {
  private final int[] shape;
  private Buffer buffer;
  private Device device;
  private boolean requiresGrad;
  private Tensor grad;
  private GradFn gradFn;

  /** Wraps {@code buffer} (not copied) with the given shape. */
  public Tensor(Device device, Buffer buffer, int... shape) {
    this.shape = shape.clone();
    if (Shapes.numel(this.shape) != buffer.size()) {
      throw new IllegalArgumentException(
          "shape " + Shapes.toString(shape) + " needs " + Shapes.numel(shape)
              + " elements but the buffer holds " + buffer.size());
    }
    this.buffer = buffer;
    this.device = device;
  }

  /** A CPU tensor holding a copy of {@code data}, viewed with {@code shape}. */
  public static Tensor of(float[] data, int... shape) {
    return new Tensor(Device.cpu(), new CpuBuffer(data.clone()), shape);
  }

  /** A one-element tensor of shape {@code ()}. */
  public static Tensor scalar(float value) {
    return of(new float[] {value});
  }

  /** A zero-filled CPU tensor. */
  public static Tensor zeros(int... shape) {
    return Device.cpu().zeros(shape);
  }

  /** A tensor of the same shape and device filled with zeros. */
  public static Tensor zerosLike(Tensor t) {
    return t.device.zeros(t.shape);
  }

  /** The sizes of the dimensions (a copy). */
  public final int[] shape() {
    return shape.clone();
  }

  /** Size of dimension {@code d}; negative {@code d} counts from the end. */
  public final int size(int d) {
    return shape[d < 0 ? d + shape.length : d];
  }

  /** True when {@code other} has the same shape; allocates nothing. */
  public final boolean sameShape(Tensor other) {
    return java.util.Arrays.equals(shape, other.shape);
  }

  public final int dim() {
    return shape.length;
  }

  public final int numel() {
    return buffer.size();
  }

  public final Buffer buffer() {
    return buffer;
  }

  public final Device device() {
    return device;
  }

  /**
   * This tensor on {@code target}: itself when it is already there, else a copy (no history, no
   * gradient), as PyTorch's {@code tensor.to(device)}.
   */
  public final Tensor to(Device target) {
    return target == device ? this : target.tensor(device.read(this), shape);
  }

  /**
   * Moves this tensor's elements to {@code target} in place, keeping its identity (a module's
   * parameters, an optimizer's references); for {@code Parameter}, as PyTorch's {@code
   * module.to(device)}.
   */
  protected final void moveTo(Device target) {
    if (target != device) {
      Tensor moved = to(target);
      buffer = moved.buffer;
      device = target;
    }
  }

  /** The elements in row-major order (a copy). */
  public final float[] toFloatArray() {
    return device.read(this);
  }

  /** The value of a one-element tensor. */
  public final float item() {
    if (numel() != 1) {
      throw new IllegalStateException("item() needs one element, got shape " + Shapes.toString(shape));
    }
    return device.first(this);
  }

  public final boolean requiresGrad() {
    return requiresGrad;
  }

  /** Sets whether gradients are computed for this tensor; returns this tensor. */
  public final Tensor requiresGrad(boolean requires) {
    if (gradFn != null && !requires) {
      throw new IllegalStateException("requiresGrad(false) on a computed tensor; use detach()");
    }
    this.requiresGrad = requires;
    return this;
  }

  /** The accumulated gradient, or {@code null} before any backward reached this tensor. */
  public final Tensor grad() {
    return grad;
  }

  /** Replaces the gradient ({@code null} clears it). */
  public final void setGrad(Tensor grad) {
    this.grad = grad;
  }

  /** The op that computed this tensor, or {@code null} for a leaf. */
  public final GradFn gradFn() {
    return gradFn;
  }

  /** Records the op that computed this tensor (it then requires grad); {@code null} clears it. */
  public final void setGradFn(GradFn fn) {
    this.gradFn = fn;
    this.requiresGrad = fn != null;
  }

  /** A tensor sharing no history: same values (copied), no gradient. */
  public final Tensor detach() {
    Tensor t = device.zeros(shape);
    device.kernels().copy(this, t);
    return t;
  }

  /** Backward from a one-element tensor (the loss), with upstream gradient 1. */
  public final void backward() {
    if (numel() != 1) {
      throw new IllegalStateException(
          "backward() without a gradient needs a one-element tensor, got shape "
              + Shapes.toString(shape) + "; pass the upstream gradient: backward(dy)");
    }
    Tensor one;
    if (shape.length == 0) {
      one = device.one(); // shared and read only: backward never writes its upstream gradient
    } else {
      one = device.zeros(shape);
      device.kernels().fill(one, 1f);
    }
    backward(one);
  }

  /** Backward with upstream gradient {@code dy} of this tensor's shape. */
  public final void backward(Tensor dy) {
    Autograd.backward(this, dy);
  }

  public final Tensor add(Tensor other) {
    return BinaryOps.apply(BinaryOp.ADD, this, other);
  }

  public final Tensor sub(Tensor other) {
    return BinaryOps.apply(BinaryOp.SUB, this, other);
  }

  public final Tensor mul(Tensor other) {
    return BinaryOps.apply(BinaryOp.MUL, this, other);
  }

  /** {@code this / other} elementwise (true division) with broadcasting. */
  public final Tensor div(Tensor other) {
    return BinaryOps.apply(BinaryOp.DIV, this, other);
  }

  /** {@code this * a} elementwise for a scalar {@code a}. */
  public final Tensor mul(float a) {
    return ScaleOp.apply(this, a, 0f, "MulBackward");
  }

  /** {@code this / a} elementwise for a scalar {@code a} (computed as {@code this * (1 / a)}). */
  public final Tensor div(float a) {
    return ScaleOp.apply(this, 1f / a, 0f, "DivBackward");
  }

  /** {@code this + b} elementwise for a scalar {@code b}. */
  public final Tensor add(float b) {
    return ScaleOp.apply(this, 1f, b, "AddBackward");
  }

  /** {@code this - b} elementwise for a scalar {@code b}. */
  public final Tensor sub(float b) {
    return ScaleOp.apply(this, 1f, -b, "SubBackward");
  }

  /** Matrix product with PyTorch's batching rules (both operands at least 2-D). */
  public final Tensor matmul(Tensor other) {
    return MatmulOp.apply(this, other);
  }

  /** Same elements, new shape; one dimension may be {@code -1} (inferred). */
  public final Tensor reshape(int... newShape) {
    return ReshapeOp.apply(this, Shapes.inferReshape(shape, newShape));
  }

  /** As {@link #reshape}: Kiln tensors are always dense, so a view never needs a copy to exist. */
  public final Tensor view(int... newShape) {
    return ReshapeOp.apply(this, Shapes.inferReshape(shape, newShape), "ViewBackward");
  }

  /** A dimension of size 1 inserted at {@code dim} (in {@code [-dim()-1, dim()]}). */
  public final Tensor unsqueeze(int dim) {
    int d = Shapes.normalizeDim(dim, shape.length + 1);
    return ReshapeOp.apply(this, Shapes.insertDim(shape, d, 1), "UnsqueezeBackward");
  }

  /** Dimension {@code dim} removed when its size is 1; otherwise the same shape (a copy). */
  public final Tensor squeeze(int dim) {
    int d = Shapes.normalizeDim(dim, shape.length);
    int[] s = shape.length > 0 && shape[d] == 1 ? Shapes.removeDim(shape, d) : shape;
    return ReshapeOp.apply(this, s, "SqueezeBackward");
  }

  /** This tensor: Kiln tensors are always dense and row-major. */
  public final Tensor contiguous() {
    return this;
  }

  /** Dimensions {@code d0} and {@code d1} swapped (a copy, negative dims from the end). */
  public final Tensor transpose(int d0, int d1) {
    return PermuteOp.transpose(this, d0, d1);
  }

  /** Dimension {@code i} of the result is dimension {@code dims[i]} of this (a copy). */
  public final Tensor permute(int... dims) {
    return PermuteOp.permute(this, dims);
  }

  /** Elements {@code start .. start + length - 1} along {@code dim} (a copy). */
  public final Tensor narrow(int dim, int start, int length) {
    return SliceOp.narrow(this, dim, start, length);
  }

  /** Element {@code index} along {@code dim} (negative from the end); shape without {@code dim}. */
  public final Tensor select(int dim, int index) {
    return SliceOp.select(this, dim, index);
  }

  /** Pieces of {@code size} along {@code dim} (the last may be smaller), as {@code torch.split}. */
  public final List<Tensor> split(int size, int dim) {
    return SliceOp.split(this, size, dim);
  }

  /** {@code chunks} pieces (or fewer) along {@code dim}, as {@code torch.chunk}. */
  public final List<Tensor> chunk(int chunks, int dim) {
    return SliceOp.chunk(this, chunks, dim);
  }

  /** The tensors joined along {@code dim}, as {@code torch.cat}. */
  public static Tensor cat(List<Tensor> tensors, int dim) {
    return CatOp.apply(tensors, dim);
  }

  /**
   * {@code value} where {@code mask} (broadcast to this shape) is nonzero, else this tensor's
   * element, as {@code masked_fill} with a bool mask held as 0/1 floats; no gradient to the mask.
   */
  public final Tensor maskedFill(Tensor mask, float value) {
    return MaskedFillOp.apply(this, mask, value);
  }

  /** Softmax along {@code dim} (negative from the end). */
  public final Tensor softmax(int dim) {
    return SoftmaxOp.apply(this, dim, false);
  }

  /** Log-softmax along {@code dim} (negative from the end). */
  public final Tensor logSoftmax(int dim) {
    return SoftmaxOp.apply(this, dim, true);
  }

  /** Flattens all dimensions into one. */
  public final Tensor flatten() {
    return flatten(0, -1);
  }

  /** Flattens dimensions {@code startDim} to the last into one. */
  public final Tensor flatten(int startDim) {
    return flatten(startDim, -1);
  }

  /** Flattens dimensions {@code startDim..endDim} (inclusive, negative from the end) into one. */
  public final Tensor flatten(int startDim, int endDim) {
    return ReshapeOp.apply(this, Shapes.flatten(shape, startDim, endDim));
  }

  /** {@code max(x, 0)} elementwise. */
  public final Tensor relu() {
    return UnaryOps.RELU.apply(this);
  }

  public final Tensor tanh() {
    return UnaryOps.TANH.apply(this);
  }

  /** {@code 1 / (1 + exp(-x))} elementwise. */
  public final Tensor sigmoid() {
    return UnaryOps.SIGMOID.apply(this);
  }

  /** Sum of all elements, shape {@code ()}. */
  public final Tensor sum() {
    return SumOp.apply(this, 1f);
  }

  /** Mean of all elements, shape {@code ()}. */
  public final Tensor mean() {
    return SumOp.apply(this, 1f / numel());
  }

  /** Sum along {@code dim} (negative from the end); shape without {@code dim}. */
  public final Tensor sum(int dim) {
    return SumDimOp.apply(this, dim, false);
  }

  /** Mean along {@code dim} (negative from the end); shape without {@code dim}. */
  public final Tensor mean(int dim) {
    return SumDimOp.apply(this, dim, true);
  }

  /** Sum along {@code dim}; with {@code keepdim} the dimension stays, of size 1. */
  public final Tensor sum(int dim, boolean keepdim) {
    return SumDimOp.apply(this, dim, false, keepdim);
  }

  /** Mean along {@code dim}; with {@code keepdim} the dimension stays, of size 1. */
  public final Tensor mean(int dim, boolean keepdim) {
    return SumDimOp.apply(this, dim, true, keepdim);
  }

  /**
   * Indices of the maxima along {@code dim}, first on ties, NaN as the maximum; shape without
   * {@code dim}. Float indices (PyTorch: int64); no gradient.
   */
  public final Tensor argmax(int dim) {
    return ArgmaxOp.apply(this, dim);
  }

  /** Row-major index of the maximum of all elements, shape {@code ()}; as {@link #argmax(int)}. */
  public final Tensor argmax() {
    return ArgmaxOp.apply(this);
  }

  // Comparisons broadcast and return new 0/1 float tensors (PyTorch: bool), never recorded.

  /** {@code this == other} elementwise, 1 or 0. */
  public final Tensor eq(Tensor other) {
    return CompareOps.apply(CompareOp.EQ, this, other);
  }

  public final Tensor eq(float other) {
    return CompareOps.apply(CompareOp.EQ, this, other);
  }

  /** {@code this != other} elementwise, 1 or 0 (1 where either is NaN). */
  public final Tensor ne(Tensor other) {
    return CompareOps.apply(CompareOp.NE, this, other);
  }

  public final Tensor ne(float other) {
    return CompareOps.apply(CompareOp.NE, this, other);
  }

  /** {@code this > other} elementwise, 1 or 0. */
  public final Tensor gt(Tensor other) {
    return CompareOps.apply(CompareOp.GT, this, other);
  }

  public final Tensor gt(float other) {
    return CompareOps.apply(CompareOp.GT, this, other);
  }

  /** {@code this < other} elementwise, 1 or 0. */
  public final Tensor lt(Tensor other) {
    return CompareOps.apply(CompareOp.LT, this, other);
  }

  public final Tensor lt(float other) {
    return CompareOps.apply(CompareOp.LT, this, other);
  }

  /** {@code this >= other} elementwise, 1 or 0. */
  public final Tensor ge(Tensor other) {
    return CompareOps.apply(CompareOp.GE, this, other);
  }

  public final Tensor ge(float other) {
    return CompareOps.apply(CompareOp.GE, this, other);
  }

  /** {@code this <= other} elementwise, 1 or 0. */
  public final Tensor le(Tensor other) {
    return CompareOps.apply(CompareOp.LE, this, other);
  }

  public final Tensor le(float other) {
    return CompareOps.apply(CompareOp.LE, this, other);
  }

  @Override
  public String toString() {
    return TensorFormat.format(this);
  }
}
