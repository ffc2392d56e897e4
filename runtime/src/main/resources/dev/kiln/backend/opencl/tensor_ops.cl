// Tensor ops of sequence models. Kernels: permute, permute_backward, slice_copy, masked_fill,
// masked_fill_backward, scale, scale_backward.
// Shapes and strides are int8 vectors padded on the left to RANK dimensions (see bcast_offset).

// One item per element i of y (shape ysh); xs holds, per dimension of y, x's stride along it.
kernel void permute(global const float* x, int8 xs, global float* y, int8 ysh, int n) {
  int i = get_global_id(0);
  if (i < n) y[i] = x[bcast_offset(i, ysh, xs)];
}

// dx += dy permuted back: each dx element is reached by exactly one dy element, so no races.
kernel void permute_backward(global const float* dy, int8 xs, int8 ysh, global float* dx, int n) {
  int i = get_global_id(0);
  if (i < n) dx[bcast_offset(i, ysh, xs)] += dy[i];
}

// One item per element of the slice (outer, length, inner).
kernel void slice_copy(global const float* src, int srcN, int srcStart, global float* dst,
                       int dstN, int dstStart, int length, int inner, int accumulate, int n) {
  int e = get_global_id(0);
  if (e >= n) return;
  int i = e % inner;
  int l = (e / inner) % length;
  int o = e / (inner * length);
  int from = (o * srcN + srcStart + l) * inner + i;
  int to = (o * dstN + dstStart + l) * inner + i;
  dst[to] = accumulate ? dst[to] + src[from] : src[from];
}

// mask broadcast to x's shape sh with strides ms.
kernel void masked_fill(global const float* x, global const float* mask, int8 ms, int8 sh,
                        float value, global float* y, int n) {
  int i = get_global_id(0);
  if (i < n) y[i] = mask[bcast_offset(i, sh, ms)] != 0.0f ? value : x[i];
}

kernel void masked_fill_backward(global const float* mask, int8 ms, int8 sh,
                                 global const float* dy, global float* dx, int n) {
  int i = get_global_id(0);
  if (i < n && mask[bcast_offset(i, sh, ms)] == 0.0f) dx[i] += dy[i];
}

kernel void scale(global const float* x, float a, float b, global float* y, int n) {
  int i = get_global_id(0);
  if (i < n) y[i] = x[i] * a + b;
}

kernel void scale_backward(global const float* dy, float a, global float* dx, int n) {
  int i = get_global_id(0);
  if (i < n) dx[i] += a * dy[i];
}
