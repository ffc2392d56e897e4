// Matrix products. Kernels: gemm.
// C (M x N, row-major at c + offC) = [C or bias or 0] + A (M x K) @ B (K x N), where A's element
// (i, k) is a[offA + i * ars + k * acs] and B's (k, j) is b[offB + k * brs + j * bcs], so one
// kernel serves every transpose. Tiled for local memory: a work group of WG x WG items computes a
// TS x TS tile of C, each item a WPT x WPT block (rows ly + WG * r, columns lx + WG * c), from
// TK-wide slabs of A and B staged in local memory.
#pragma OPENCL FP_CONTRACT ON
#define TS 64
#define TK 16
#define WG 16
#define WPT (TS / WG)

// mode: 0 overwrite, 1 accumulate into C, 2 start from bias[j].
kernel __attribute__((reqd_work_group_size(WG, WG, 1)))
void gemm(int M, int N, int K, global const float* a, int offA, int ars, int acs,
          global const float* b, int offB, int brs, int bcs, global float* c, int offC,
          int mode, global const float* bias) {
  local float As[TK][TS];
  local float Bs[TK][TS];
  int lx = get_local_id(0);
  int ly = get_local_id(1);
  int lid = ly * WG + lx;
  int row0 = get_group_id(1) * TS;
  int col0 = get_group_id(0) * TS;
  float acc[WPT][WPT];
  for (int r = 0; r < WPT; r++)
    for (int q = 0; q < WPT; q++) acc[r][q] = 0.0f;
  for (int k0 = 0; k0 < K; k0 += TK) {
    for (int t = lid; t < TS * TK; t += WG * WG) {
      int ar = t / TK, ak = t % TK;
      int gi = row0 + ar, gk = k0 + ak;
      As[ak][ar] = gi < M && gk < K ? a[offA + gi * ars + gk * acs] : 0.0f;
      int bk = t / TS, bj = t % TS;
      int gk2 = k0 + bk, gj = col0 + bj;
      Bs[bk][bj] = gk2 < K && gj < N ? b[offB + gk2 * brs + gj * bcs] : 0.0f;
    }
    barrier(CLK_LOCAL_MEM_FENCE);
    for (int kk = 0; kk < TK; kk++) {
      float av[WPT], bv[WPT];
      for (int r = 0; r < WPT; r++) av[r] = As[kk][ly + WG * r];
      for (int q = 0; q < WPT; q++) bv[q] = Bs[kk][lx + WG * q];
      for (int r = 0; r < WPT; r++)
        for (int q = 0; q < WPT; q++) acc[r][q] = fma(av[r], bv[q], acc[r][q]);
    }
    barrier(CLK_LOCAL_MEM_FENCE);
  }
  for (int r = 0; r < WPT; r++) {
    int i = row0 + ly + WG * r;
    for (int q = 0; q < WPT; q++) {
      int j = col0 + lx + WG * q;
      if (i < M && j < N) {
        global float* dst = c + offC + i * N + j;
        float base = mode == 1 ? *dst : mode == 2 ? bias[j] : 0.0f;
        *dst = base + acc[r][q];
      }
    }
  }
}
