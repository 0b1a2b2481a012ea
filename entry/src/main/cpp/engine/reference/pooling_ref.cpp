#include "engine/reference/pooling_ref.h"

#include <algorithm>
#include <limits>

namespace prunelab {
namespace engine {
namespace reference {

Status Pool2D(kernels::PoolKind kind, const kernels::Pool2DGeometry& g, Span<const float> input,
              const ActivationParams& activation, Span<float> output) {
  PRUNELAB_RETURN_IF_ERROR(kernels::ValidatePool2D(g, input.size(), output.size()));
  PRUNELAB_RETURN_IF_ERROR(CheckActivationSupported(activation.type, "reference pooling"));
  for (int64_t n = 0; n < g.batch; ++n) {
    for (int64_t oh = 0; oh < g.out_h; ++oh) {
      for (int64_t ow = 0; ow < g.out_w; ++ow) {
        for (int64_t c = 0; c < g.channels; ++c) {
          double sum = 0.0;
          float best = -std::numeric_limits<float>::infinity();
          int64_t count = 0;
          for (int64_t kh = 0; kh < g.kernel_h; ++kh) {
            for (int64_t kw = 0; kw < g.kernel_w; ++kw) {
              const int64_t ih = oh * g.stride_h - g.pad_top + kh;
              const int64_t iw = ow * g.stride_w - g.pad_left + kw;
              if (ih < 0 || ih >= g.in_h || iw < 0 || iw >= g.in_w) continue;
              const float x = input[static_cast<size_t>(((n * g.in_h + ih) * g.in_w + iw) * g.channels + c)];
              sum += x;
              best = std::max(best, x);
              ++count;
            }
          }
          float value = kind == kernels::PoolKind::kMax ? best : static_cast<float>(sum / static_cast<double>(count));
          ApplyActivation(activation, &value, 1);
          output[static_cast<size_t>(((n * g.out_h + oh) * g.out_w + ow) * g.channels + c)] = value;
        }
      }
    }
  }
  return Status::Ok();
}

}  // namespace reference
}  // namespace engine
}  // namespace prunelab
