// 2-D convolution on NHWC activations with OHWI weights ([out_c, kH, kW, in_c / groups], the
// layout of Conv2DFusion weights in .ms files), optional bias and fused activation.
// Fast paths: depthwise (groups == in_c == out_c) as a direct channel-vectorised loop,
// 1x1/stride 1/no padding as one GEMM, everything else as im2col + GEMM per group.
#pragma once

#include <cstdint>

#include "common/span.h"
#include "common/status.h"
#include "engine/activation.h"
#include "engine/thread_pool.h"

namespace prunelab {
namespace engine {
namespace kernels {

struct Conv2DGeometry {
  int64_t batch = 1;
  int64_t in_h = 1, in_w = 1, in_c = 1;
  int64_t out_h = 1, out_w = 1, out_c = 1;
  int64_t kernel_h = 1, kernel_w = 1;
  int64_t stride_h = 1, stride_w = 1;
  int64_t dilation_h = 1, dilation_w = 1;
  int64_t pad_top = 0, pad_left = 0;  // bottom and right padding follow from the output size
  int64_t groups = 1;

  int64_t InputSize() const { return batch * in_h * in_w * in_c; }
  int64_t WeightSize() const { return out_c * kernel_h * kernel_w * (in_c / groups); }
  int64_t OutputSize() const { return batch * out_h * out_w * out_c; }
  bool IsDepthwise() const { return groups > 1 && groups == in_c && groups == out_c; }
};

// BAD_ARGUMENT unless every size is positive, the channels divide into the groups and the buffers
// have exactly the sizes of the geometry (bias: empty or out_c).
Status ValidateConv2D(const Conv2DGeometry& g, size_t input_size, size_t weight_size, size_t bias_size,
                      size_t output_size);

// Validates, then convolves. The output is fully overwritten.
Status Conv2D(const Conv2DGeometry& g, Span<const float> input, Span<const float> weight, Span<const float> bias,
              const ActivationParams& activation, Span<float> output, ThreadPool* pool);

}  // namespace kernels
}  // namespace engine
}  // namespace prunelab
