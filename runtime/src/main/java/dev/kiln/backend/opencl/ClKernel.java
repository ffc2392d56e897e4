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
  // --- normalization and dropout ---
  BN_STATS("norm"),
  BN_UPDATE("norm"),
  BN_FORWARD("norm"),
  BN_BACKWARD("norm"),
  GN_FORWARD("norm"),
  GN_BACKWARD_DX("norm"),
  GN_BACKWARD_PARAMS("norm"),
  DROPOUT_MASK("norm"),
  DROPOUT_APPLY("norm"),
  DROPOUT_BACKWARD("norm"),
  // --- activations (issue 16) ---
  LEAKY_RELU("param_activations"),
  LEAKY_RELU_BACKWARD("param_activations"),
  ELU_FORWARD("param_activations"),
  ELU_BACKWARD("param_activations"),
  GELU_FORWARD("param_activations"),
  GELU_BACKWARD("param_activations"),
  SILU_FORWARD("param_activations"),
  SILU_BACKWARD("param_activations"),
  PRELU_FORWARD("param_activations"),
  PRELU_BACKWARD("param_activations"),
  PRELU_WEIGHT_BACKWARD("param_activations"),
  SOFTMAX_FORWARD("param_activations"),
  SOFTMAX_BACKWARD("param_activations"),
  // --- pooling (issue 16) ---
  MAX_POOL2D("pooling"),
  MAX_POOL2D_BACKWARD("pooling"),
  AVG_POOL2D("pooling"),
  AVG_POOL2D_BACKWARD("pooling"),
  ADAPTIVE_AVG_POOL2D("pooling"),
  ADAPTIVE_AVG_POOL2D_BACKWARD("pooling"),
  UPSAMPLE_NEAREST2D("pooling"),
  UPSAMPLE_NEAREST2D_BACKWARD("pooling"),
  UPSAMPLE_BILINEAR2D("pooling"),
  UPSAMPLE_BILINEAR2D_BACKWARD("pooling"),
  PIXEL_SHUFFLE("pooling"),
  PIXEL_SHUFFLE_BACKWARD("pooling"),
  PAD2D("pooling"),
  PAD2D_BACKWARD("pooling"),
  // --- convolution (issue 16) ---
  CONV_FORWARD("conv"),
  CONV_BACKWARD_DATA("conv"),
  CONV_BACKWARD_WEIGHT("conv"),
  CONV_FILL_CHANNELS("conv"),
  CONV_CHANNEL_SUMS("conv"),
  // --- tensor ops (issue 17) ---
  PERMUTE("tensor_ops"),
  PERMUTE_BACKWARD("tensor_ops"),
  SLICE_COPY("tensor_ops"),
  MASKED_FILL("tensor_ops"),
  MASKED_FILL_BACKWARD("tensor_ops"),
  SCALE("tensor_ops"),
  SCALE_BACKWARD("tensor_ops"),
  // --- sequence: embedding and row normalization (issue 17) ---
  ROW_NORM_FORWARD("embed_norm"),
  ROW_NORM_BACKWARD_DX("embed_norm"),
  ROW_NORM_BACKWARD_PARAMS("embed_norm"),
  EMBEDDING_FORWARD("embed_norm"),
  EMBEDDING_BACKWARD("embed_norm"),
  ADD_POSITIONAL("embed_norm"),
  // --- recurrent ---
  RNN_MOVE("rnn"),
  RNN_BIAS_ROWS("rnn"),
  RNN_FOLD_BIAS("rnn"),
  RNN_GATES_FORWARD("rnn"),
  RNN_GATES_BACKWARD("rnn"),
  RNN_COLUMN_SUMS("rnn"),
  // --- attention (issue 17) ---
  ATTENTION_SCORES("attention"),
  ATTENTION_SCORES_GRAD("attention"),
  ATTENTION_DQ("attention"),
  ATTENTION_DK("attention"),
  ATTENTION_VALUES("attention"),
  ATTENTION_VALUES_DPROBS("attention"),
  ATTENTION_VALUES_DV("attention"),
  SPLIT_HEADS("attention"),
  SPLIT_HEADS_BACKWARD("attention"),
  COPY_RANGE("attention"),
  ACCUMULATE_RANGE("attention");

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
