package dev.kiln.backend.opencl;

/** Every OpenCL kernel, with the family (the {@code .cl} resource) that defines it. */
enum ClKernel {
  FILL("elementwise"),
  ACCUMULATE("elementwise"),
  BINARY_SAME("elementwise"),
  BINARY("elementwise"),
  BINARY_BACKWARD("elementwise"),
  COMPARE("elementwise"),
  RELU("activations"),
  RELU_BACKWARD("activations"),
  TANH_FORWARD("activations"),
  TANH_BACKWARD("activations"),
  SIGMOID_FORWARD("activations"),
  SIGMOID_BACKWARD("activations"),
  SUM_ALL("reductions"),
  SUM_BACKWARD("reductions"),
  SUM_DIM("reductions"),
  SUM_DIM_BACKWARD("reductions"),
  ARGMAX_DIM("reductions"),
  SUM_ROWS("reductions"),
  GEMM("matmul"),
  POINTWISE_LOSS("losses"),
  POINTWISE_LOSS_REDUCE("losses"),
  POINTWISE_LOSS_BACKWARD("losses"),
  CLASS_LOSS("losses"),
  CLASS_LOSS_REDUCE("losses"),
  CLASS_TOTAL_WEIGHT("losses"),
  CLASS_LOSS_BACKWARD("losses"),
  INVALID_CLASS_INDEX("losses"),
  SGD_STEP("optim"),
  ADAM_STEP("optim"),
  CONV_FORWARD("conv"),
  CONV_BACKWARD_DATA("conv"),
  CONV_BACKWARD_WEIGHT("conv"),
  CONV_FILL_CHANNELS("conv"),
  CONV_CHANNEL_SUMS("conv");

  private final String family;

  ClKernel(String family) {
    this.family = family;
  }

  /** The resource's base name, e.g. {@code elementwise} for {@code elementwise.cl}. */
  String family() {
    return family;
  }

  /** The kernel's name in its source, e.g. {@code binary_backward}. */
  String kernelName() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }
}
