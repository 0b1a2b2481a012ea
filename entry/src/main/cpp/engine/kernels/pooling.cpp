#include "engine/kernels/pooling.h"

#include <algorithm>
#include <cstring>
#include <string>

namespace prunelab {
namespace engine {
namespace kernels {

Status ValidatePool2D(const Pool2DGeometry& g, size_t input_size, size_t output_size) {
  const int64_t values[] = {g.batch,    g.in_h,     g.in_w,     g.channels, g.out_h,
                            g.out_w,    g.kernel_h, g.kernel_w, g.stride_h, g.stride_w};
  for (int64_t v : values) {
    if (v <= 0 || v > (int64_t{1} << 30)) return BadArgument("pooling: sizes, kernel and strides must be positive");
  }
  if (g.pad_top < 0 || g.pad_left < 0) return BadArgument("pooling: negative padding");
  // The first and the last window of each axis must reach into the input.
  if (g.kernel_h <= g.pad_top || g.kernel_w <= g.pad_left || (g.out_h - 1) * g.stride_h - g.pad_top >= g.in_h ||
      (g.out_w - 1) * g.stride_w - g.pad_left >= g.in_w) {
    return BadArgument("pooling: a window lies entirely in the padding");
  }
  if (static_cast<int64_t>(input_size) != g.InputSize() || static_cast<int64_t>(output_size) != g.OutputSize()) {
    return BadArgument("pooling: buffer sizes do not match the geometry (input " + std::to_string(input_size) + " of " +
                       std::to_string(g.InputSize()) + ", output " + std::to_string(output_size) + " of " +
                       std::to_string(g.OutputSize()) + ")");
  }
  return Status::Ok();
}

Status Pool2D(PoolKind kind, const Pool2DGeometry& g, Span<const float> input, const ActivationParams& activation,
              Span<float> output, ThreadPool* pool) {
  PRUNELAB_RETURN_IF_ERROR(ValidatePool2D(g, input.size(), output.size()));
  PRUNELAB_RETURN_IF_ERROR(CheckActivationSupported(activation.type, "pooling"));
  const int64_t c_count = g.channels;
  ParallelFor(pool, g.batch * g.out_h, [&](int64_t begin, int64_t end) {
    for (int64_t row = begin; row < end; ++row) {
      const int64_t n = row / g.out_h;
      const int64_t oh = row % g.out_h;
      const int64_t h0 = oh * g.stride_h - g.pad_top;
      const int64_t kh_begin = std::max<int64_t>(0, -h0);
      const int64_t kh_end = std::min(g.kernel_h, g.in_h - h0);
      const float* image = input.data() + n * g.in_h * g.in_w * c_count;
      for (int64_t ow = 0; ow < g.out_w; ++ow) {
        const int64_t w0 = ow * g.stride_w - g.pad_left;
        const int64_t kw_begin = std::max<int64_t>(0, -w0);
        const int64_t kw_end = std::min(g.kernel_w, g.in_w - w0);
        float* __restrict out = output.data() + (row * g.out_w + ow) * c_count;
        // The first tap initialises the accumulator (no -inf needed for max).
        std::memcpy(out, image + ((h0 + kh_begin) * g.in_w + w0 + kw_begin) * c_count,
                    static_cast<size_t>(c_count) * sizeof(float));
        for (int64_t kh = kh_begin; kh < kh_end; ++kh) {
          for (int64_t kw = kw_begin; kw < kw_end; ++kw) {
            if (kh == kh_begin && kw == kw_begin) continue;
            const float* __restrict in = image + ((h0 + kh) * g.in_w + w0 + kw) * c_count;
            if (kind == PoolKind::kMax) {
              for (int64_t c = 0; c < c_count; ++c) out[c] = std::max(out[c], in[c]);
            } else {
              for (int64_t c = 0; c < c_count; ++c) out[c] += in[c];
            }
          }
        }
        if (kind == PoolKind::kAverage) {
          const float scale = 1.0f / static_cast<float>((kh_end - kh_begin) * (kw_end - kw_begin));
          for (int64_t c = 0; c < c_count; ++c) out[c] *= scale;
        }
        ApplyActivation(activation, out, static_cast<size_t>(c_count));
      }
    }
  });
  return Status::Ok();
}

}  // namespace kernels
}  // namespace engine
}  // namespace prunelab
