// The activations of issue 16 and their accumulating backward, computed in acc_t. Kernels:
// leaky_relu, leaky_relu_backward, elu_forward, elu_backward, gelu_forward, gelu_backward,
// silu_forward, silu_backward, prelu_forward, prelu_backward, prelu_weight_backward,
// softmax_forward, softmax_backward. PReLU views x as (outer, c, inner) (c = 1: one block);
// softmax views x as (outer, n, inner) with one item per (outer, inner) lane.

#define GELU_BETA ((acc_t) 0.79788456080286535588)   // sqrt(2 / pi)
#define GELU_KAPPA ((acc_t) 0.044715)
#define SQRT1_2 ((acc_t) 0.70710678118654752440)
#define INV_SQRT_2PI ((acc_t) 0.39894228040143267794)

kernel void leaky_relu(global const float* x, float slope, global float* y, int n) {
  int i = get_global_id(0);
  if (i < n) y[i] = x[i] > 0.0f ? x[i] : x[i] * slope;
}

kernel void leaky_relu_backward(global const float* x, float slope, global const float* dy,
                                global float* dx, int n) {
  int i = get_global_id(0);
  if (i < n) dx[i] += x[i] > 0.0f ? dy[i] : dy[i] * slope;
}

kernel void elu_forward(global const float* x, float alpha, global float* y, int n) {
  int i = get_global_id(0);
  if (i < n) y[i] = x[i] > 0.0f ? x[i] : (float) (alpha * expm1((acc_t) x[i]));
}

kernel void elu_backward(global const float* x, float alpha, global const float* dy,
                         global float* dx, int n) {
  int i = get_global_id(0);
  if (i < n) dx[i] += x[i] > 0.0f ? dy[i] : (float) (dy[i] * alpha * exp((acc_t) x[i]));
}

kernel void gelu_forward(global const float* x, int approx, global float* y, int n) {
  int i = get_global_id(0);
  if (i >= n) return;
  acc_t v = x[i];
  acc_t p = approx ? tanh(GELU_BETA * (v + GELU_KAPPA * v * v * v)) : erf(v * SQRT1_2);
  y[i] = (float) ((acc_t) 0.5 * v * (1 + p));
}

kernel void gelu_backward(global const float* x, int approx, global const float* dy,
                          global float* dx, int n) {
  int i = get_global_id(0);
  if (i >= n) return;
  acc_t v = x[i];
  acc_t d;
  if (approx) {
    acc_t t = tanh(GELU_BETA * (v + GELU_KAPPA * v * v * v));
    d = (acc_t) 0.5 * (1 + t)
        + (acc_t) 0.5 * v * (1 - t * t) * GELU_BETA * (1 + 3 * GELU_KAPPA * v * v);
  } else {
    d = (acc_t) 0.5 * (1 + erf(v * SQRT1_2)) + v * INV_SQRT_2PI * exp((acc_t) -0.5 * v * v);
  }
  dx[i] += (float) (dy[i] * d);
}

kernel void silu_forward(global const float* x, global float* y, int n) {
  int i = get_global_id(0);
  if (i < n) y[i] = (float) (x[i] / (1 + exp(-(acc_t) x[i])));
}

kernel void silu_backward(global const float* x, global const float* dy, global float* dx,
                          int n) {
  int i = get_global_id(0);
  if (i >= n) return;
  acc_t v = x[i];
  acc_t s = 1 / (1 + exp(-v));
  dx[i] += (float) (dy[i] * s * (1 + v * (1 - s)));
}

kernel void prelu_forward(global const float* x, global const float* w, int c, int inner,
                          global float* y, int n) {
  int i = get_global_id(0);
  if (i < n) y[i] = x[i] > 0.0f ? x[i] : x[i] * w[(i / inner) % c];
}

kernel void prelu_backward(global const float* x, global const float* w, int c, int inner,
                           global const float* dy, global float* dx, int n) {
  int i = get_global_id(0);
  if (i < n) dx[i] += x[i] > 0.0f ? dy[i] : dy[i] * w[(i / inner) % c];
}

// One item per channel: its blocks in order, so the sum is the same on every run.
kernel void prelu_weight_backward(global const float* x, global const float* dy, int c,
                                  int inner, int blocks, global float* dw) {
  int ch = get_global_id(0);
  if (ch >= c) return;
  acc_t s = 0;
  for (int b = ch; b < blocks; b += c) {
    for (int i = b * inner; i < (b + 1) * inner; i++) {
      if (!(x[i] > 0.0f)) s += (acc_t) x[i] * dy[i];
    }
  }
  dw[ch] += (float) s;
}

kernel void softmax_forward(global const float* x, int n, int inner, int log_softmax,
                            global float* y, int count) {
  int j = get_global_id(0);
  if (j >= count) return;
  int base = (j / inner) * n * inner + j % inner;
  int end = base + n * inner;
  float m = -INFINITY;
  for (int k = base; k < end; k += inner) m = fmax(m, x[k]); // a NaN makes the sum NaN
  acc_t s = 0;
  for (int k = base; k < end; k += inner) s += exp((acc_t) x[k] - m);
  for (int k = base; k < end; k += inner) {
    y[k] = log_softmax ? (float) ((acc_t) x[k] - m - log(s)) : (float) (exp((acc_t) x[k] - m) / s);
  }
}

kernel void softmax_backward(global const float* y, int n, int inner, int log_softmax,
                             global const float* dy, global float* dx, int count) {
  int j = get_global_id(0);
  if (j >= count) return;
  int base = (j / inner) * n * inner + j % inner;
  int end = base + n * inner;
  acc_t t = 0;
  for (int k = base; k < end; k += inner) t += log_softmax ? (acc_t) dy[k] : (acc_t) dy[k] * y[k];
  for (int k = base; k < end; k += inner) {
    dx[k] += log_softmax ? (float) (dy[k] - exp((acc_t) y[k]) * t) : (float) (y[k] * (dy[k] - t));
  }
}
