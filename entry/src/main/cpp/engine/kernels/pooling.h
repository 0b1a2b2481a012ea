// 2-D max and average pooling on NHWC activations. Windows are clipped to the input: padding
// never wins a max and is not counted by an average (MindSpore Lite's behaviour).
#pragma once

#include <cstdint>

#include "common/span.h"
#include "common/status.h"
#include "engine/activation.h"
#include "engine/thread_pool.h"

namespace prunelab {
namespace engine {
namespace kernels {

enum class PoolKind { kMax, kAverage };

struct Pool2DGeometry {
  int64_t batch = 1;
  int64_t in_h = 1, in_w = 1, channels = 1;
  int64_t out_h = 1, out_w = 1;
  int64_t kernel_h = 1, kernel_w = 1;
  int64_t stride_h = 1, stride_w = 1;
  int64_t pad_top = 0, pad_left = 0;

  int64_t InputSize() const { return batch * in_h * in_w * channels; }
  int64_t OutputSize() const { return batch * out_h * out_w * channels; }
};

// BAD_ARGUMENT unless sizes are positive, buffers match and every window overlaps the input.
Status ValidatePool2D(const Pool2DGeometry& g, size_t input_size, size_t output_size);

Status Pool2D(PoolKind kind, const Pool2DGeometry& g, Span<const float> input, const ActivationParams& activation,
              Span<float> output, ThreadPool* pool);

}  // namespace kernels
}  // namespace engine
}  // namespace prunelab
