// Elementwise kernels. Kernels: fill, accumulate, binary_same, binary, binary_backward, compare.
// op: 0 add, 1 sub, 2 mul, 3 div (BinaryOp); cmp: 0 eq, 1 ne, 2 gt, 3 lt, 4 ge, 5 le (CompareOp).
// Broadcast operands come with their strides over the output shape (see bcast_offset).

kernel void fill(global float* dst, float value, int n) {
  int i = get_global_id(0);
  if (i < n) dst[i] = value;
}

kernel void accumulate(global const float* src, global float* dst, int n) {
  int i = get_global_id(0);
  if (i < n) dst[i] += src[i];
}

inline float binary_op(int op, float x, float y) {
  return op == 0 ? x + y : op == 1 ? x - y : op == 2 ? x * y : x / y;
}

kernel void binary_same(int op, global const float* a, global const float* b,
                        global float* out, int n) {
  int i = get_global_id(0);
  if (i < n) out[i] = binary_op(op, a[i], b[i]);
}

kernel void binary(int op, global const float* a, int8 sa, global const float* b, int8 sb,
                   global float* out, int8 shape, int n) {
  int i = get_global_id(0);
  if (i < n) out[i] = binary_op(op, a[bcast_offset(i, shape, sa)], b[bcast_offset(i, shape, sb)]);
}

// One item per element of the operand `which` (own, strides sw; the other's so): sums, in the
// output's row-major order, the local derivative times dOut over the broadcast dimensions.
kernel void binary_backward(int op, int which, global const float* other,
                            global const float* own, int8 so, int8 sw,
                            global const float* dout, int8 shape, global float* dx, int n) {
  int e = get_global_id(0);
  if (e >= n) return;
  int sh[RANK], w[RANK], o[RANK], c[RANK], ostride[RANK];
  vstore8(shape, 0, sh);
  vstore8(sw, 0, w);
  vstore8(so, 0, o);
  int rest = e;
  int reduced = 1;
  int stride = 1;
  for (int d = RANK - 1; d >= 0; d--) {
    ostride[d] = stride;
    stride *= sh[d];
    int extent = w[d] == 0 ? 1 : sh[d];
    c[d] = rest % extent;
    rest /= extent;
    if (w[d] == 0 && sh[d] > 1) reduced *= sh[d];
  }
  float acc = dx[e];
  for (int r = 0; r < reduced; r++) {
    int q = r;
    int outIndex = 0;
    int otherIndex = 0;
    for (int d = RANK - 1; d >= 0; d--) {
      int cd = c[d];
      if (w[d] == 0 && sh[d] > 1) {
        cd = q % sh[d];
        q /= sh[d];
      }
      outIndex += cd * ostride[d];
      otherIndex += cd * o[d];
    }
    float g = dout[outIndex];
    if (op == 3) {
      // as PyTorch: grad / other, and -grad * ((self / other) / other), self = a
      acc += which == 0 ? g / other[otherIndex] : -g * (other[otherIndex] / own[e] / own[e]);
    } else {
      float local_ = op == 0 ? 1.0f : op == 1 ? (which == 0 ? 1.0f : -1.0f) : other[otherIndex];
      acc += local_ * g;
    }
  }
  dx[e] = acc;
}

kernel void compare(int cmp, global const float* a, int8 sa, global const float* b, int8 sb,
                    global float* out, int8 shape, int n) {
  int i = get_global_id(0);
  if (i >= n) return;
  float x = a[bcast_offset(i, shape, sa)];
  float y = b[bcast_offset(i, shape, sb)];
  bool t = cmp == 0 ? x == y : cmp == 1 ? x != y : cmp == 2 ? x > y
      : cmp == 3 ? x < y : cmp == 4 ? x >= y : x <= y;
  out[i] = t ? 1.0f : 0.0f;
}
