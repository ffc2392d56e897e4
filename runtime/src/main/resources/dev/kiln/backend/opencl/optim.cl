// Optimizer updates, operation for operation as the CPU's OptimKernels (each rounds to float;
// the host passes the scalars PyTorch derives in double, rounded to float). Kernels: sgd_step,
// adam_step. flags bit 0: maximize, 1: weight decay, 2: momentum, 3: init buffer, 4: nesterov;
// for adam bit 1: decoupled (AdamW), 2: weight decay, 3: amsgrad.

kernel void sgd_step(global float* p, global const float* g, global float* buf, int flags,
                     float wd, float mom, float oneMinusDampening, float negLr, int n) {
  int i = get_global_id(0);
  if (i >= n) return;
  float d = (flags & 1) ? -g[i] : g[i];
  if (flags & 2) d = d + wd * p[i];
  if (flags & 4) {
    float b;
    if (flags & 8) {
      b = d;
    } else {
      b = buf[i] * mom;
      b = b + oneMinusDampening * d;
    }
    buf[i] = b;
    d = (flags & 16) ? d + mom * b : b;
  }
  p[i] = p[i] + negLr * d;
}

kernel void adam_step(global float* p, global const float* g, global float* m,
                      global float* v, global float* vmax, int flags, float wd, float decay,
                      float b1, float b2, float oneMinusB1, float oneMinusB2, float negStepSize,
                      float bc2Sqrt, float eps, int n) {
  int i = get_global_id(0);
  if (i >= n) return;
  float gi = (flags & 1) ? -g[i] : g[i];
  float pi = p[i];
  if (flags & 2) {
    pi = pi * decay;
  } else if (flags & 4) {
    gi = gi + wd * pi;
  }
  float mi = m[i] * b1;
  mi = mi + oneMinusB1 * gi;
  m[i] = mi;
  float vi = v[i] * b2;
  vi = vi + oneMinusB2 * gi * gi;
  v[i] = vi;
  if (flags & 8) {
    vi = fmax(vmax[i], vi);
    vmax[i] = vi;
  }
  float denom = sqrt(vi) / bc2Sqrt + eps;
  p[i] = pi + negStepSize * mi / denom;
}
