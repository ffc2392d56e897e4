// Prelude prepended to every kernel family: no FMA contraction (results round as Java's float
// arithmetic does), a double accumulator where the device has fp64, and broadcast indexing.
// Kernels: none.
#pragma OPENCL FP_CONTRACT OFF
#ifdef cl_khr_fp64
#pragma OPENCL EXTENSION cl_khr_fp64 : enable
typedef double acc_t;
#else
typedef float acc_t;
#endif

#define RANK 8
#define REDUCE_ITEMS 256

// The element offset, in an operand with broadcast strides st (0 along broadcast dimensions),
// of element i (row-major) of a tensor of shape sh; both padded on the left to RANK dimensions.
inline int bcast_offset(int i, int8 sh, int8 st) {
  int s[RANK];
  int t[RANK];
  vstore8(sh, 0, s);
  vstore8(st, 0, t);
  int off = 0;
  for (int d = RANK - 1; d >= 0; d--) {
    int c = i % s[d];
    i /= s[d];
    off += c * t[d];
  }
  return off;
}

// Sums v over the work group's REDUCE_ITEMS items in a fixed tree order; item 0 gets the total.
inline acc_t group_sum(acc_t v, local acc_t* scratch) {
  int l = get_local_id(0);
  scratch[l] = v;
  barrier(CLK_LOCAL_MEM_FENCE);
  for (int s = REDUCE_ITEMS / 2; s > 0; s >>= 1) {
    if (l < s) {
      scratch[l] += scratch[l + s];
    }
    barrier(CLK_LOCAL_MEM_FENCE);
  }
  return scratch[0];
}
