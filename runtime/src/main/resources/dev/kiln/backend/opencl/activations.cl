// Activations and their accumulating backward. Kernels: relu, relu_backward, tanh_forward,
// tanh_backward, sigmoid_forward, sigmoid_backward.

kernel void relu(global const float* x, global float* y, int n) {
  int i = get_global_id(0);
  if (i < n) {
    float v = x[i];
    y[i] = isnan(v) ? v : (v > 0.0f ? v : 0.0f);
  }
}

kernel void relu_backward(global const float* x, global const float* dy, global float* dx,
                          int n) {
  int i = get_global_id(0);
  if (i < n && x[i] > 0.0f) dx[i] += dy[i];
}

kernel void tanh_forward(global const float* x, global float* y, int n) {
  int i = get_global_id(0);
  if (i < n) y[i] = (float) tanh((acc_t) x[i]);
}

kernel void tanh_backward(global const float* y, global const float* dy, global float* dx,
                          int n) {
  int i = get_global_id(0);
  if (i < n) dx[i] += dy[i] * (1.0f - y[i] * y[i]);
}

kernel void sigmoid_forward(global const float* x, global float* y, int n) {
  int i = get_global_id(0);
  if (i < n) y[i] = (float) ((acc_t) 1 / ((acc_t) 1 + exp(-(acc_t) x[i])));
}

kernel void sigmoid_backward(global const float* y, global const float* dy, global float* dx,
                             int n) {
  int i = get_global_id(0);
  if (i < n) dx[i] += dy[i] * y[i] * (1.0f - y[i]);
}
