#include "engine/kernels/conv2d.h"

#include <algorithm>
#include <cstring>
#include <string>
#include <vector>

#include "engine/kernels/gemm.h"

namespace prunelab {
namespace engine {
namespace kernels {
namespace {

// im2col scratch per thread, reused across calls.
thread_local std::vector<float> t_columns;

// Writes the patches of output pixels [pixel0, pixel0 + count) (pixel = (n * out_h + oh) * out_w + ow)
// for the channels of one group: row = pixel, columns ordered (kh, kw, c) like the OHWI weights.
void Im2Col(const Conv2DGeometry& g, const float* input, int64_t group, int64_t pixel0, int64_t count, float* cols) {
  const int64_t cin = g.in_c / g.groups;
  const int64_t row_len = g.kernel_h * g.kernel_w * cin;
  const size_t channel_bytes = static_cast<size_t>(cin) * sizeof(float);
  // One group and no horizontal dilation: a kernel row's taps are adjacent in memory.
  const bool contiguous_rows = g.groups == 1 && g.dilation_w == 1;
  const size_t row_bytes = static_cast<size_t>(g.kernel_w) * channel_bytes;
  for (int64_t r = 0; r < count; ++r) {
    const int64_t pixel = pixel0 + r;
    const int64_t ow = pixel % g.out_w;
    const int64_t oh = (pixel / g.out_w) % g.out_h;
    const int64_t n = pixel / (g.out_w * g.out_h);
    float* dst = cols + r * row_len;
    const float* image = input + n * g.in_h * g.in_w * g.in_c + group * cin;
    for (int64_t kh = 0; kh < g.kernel_h; ++kh) {
      const int64_t ih = oh * g.stride_h - g.pad_top + kh * g.dilation_h;
      if (ih < 0 || ih >= g.in_h) {
        std::fill(dst, dst + g.kernel_w * cin, 0.0f);
        dst += g.kernel_w * cin;
        continue;
      }
      const int64_t iw0 = ow * g.stride_w - g.pad_left;
      if (contiguous_rows && iw0 >= 0 && iw0 + g.kernel_w <= g.in_w) {
        // The whole kernel row is one run of kW * C values in NHWC memory.
        std::memcpy(dst, image + (ih * g.in_w + iw0) * g.in_c, row_bytes);
        dst += g.kernel_w * cin;
        continue;
      }
      for (int64_t kw = 0; kw < g.kernel_w; ++kw) {
        const int64_t iw = iw0 + kw * g.dilation_w;
        if (iw < 0 || iw >= g.in_w) {
          std::fill(dst, dst + cin, 0.0f);
        } else {
          std::memcpy(dst, image + (ih * g.in_w + iw) * g.in_c, channel_bytes);
        }
        dst += cin;
      }
    }
  }
}

// Few output channels waste most of the GEMM's 16-wide column tiles; the transposed product
// C'[cout, pixels] = W · patchesᵀ puts the channels on the 6-row side instead. True when that
// wastes less of its tiles (6 rows) than the direct product (16 columns).
bool PreferTransposed(int64_t cout, int64_t pixels) {
  constexpr int64_t kRows = 6, kCols = 16;  // the GEMM micro-tile
  if (cout >= kCols || pixels < 2 * kCols) return false;
  const double direct_waste = 1.0 - static_cast<double>(cout) / static_cast<double>((cout + kCols - 1) / kCols * kCols);
  const double transposed_waste = 1.0 - static_cast<double>(cout) / static_cast<double>((cout + kRows - 1) / kRows * kRows);
  return transposed_waste < direct_waste;
}

thread_local std::vector<float> t_transposed;

// Output pixels [pixel0, pixel0 + count) of every group through im2col + GEMM (GEMM threads
// only when the caller is not itself a pool task).
void Im2ColGemm(const Conv2DGeometry& g, const float* input, const float* weight, const float* bias,
                const ActivationParams& activation, float* output, int64_t pixel0, int64_t count, ThreadPool* pool) {
  const int64_t cin = g.in_c / g.groups;
  const int64_t cout = g.out_c / g.groups;
  const int64_t row_len = g.kernel_h * g.kernel_w * cin;
  t_columns.resize(static_cast<size_t>(count * row_len));
  float* cols = t_columns.data();
  const bool transposed = PreferTransposed(cout, count);
  if (transposed) t_transposed.resize(static_cast<size_t>(cout * count));
  for (int64_t group = 0; group < g.groups; ++group) {
    Im2Col(g, input, group, pixel0, count, cols);
    const Span<const float> patches(cols, static_cast<size_t>(count * row_len));
    const Span<const float> filters(weight + group * cout * row_len, static_cast<size_t>(cout * row_len));
    const float* group_bias = bias != nullptr ? bias + group * cout : nullptr;
    float* out = output + pixel0 * g.out_c + group * cout;
    GemmArgs args;
    args.k = row_len;
    args.lda = row_len;
    args.ldb = row_len;
    args.b_transposed = true;
    if (transposed) {
      args.m = cout;
      args.n = count;
      args.a = filters;
      args.b = patches;
      args.c = Span<float>(t_transposed);
      args.ldc = count;
      GemmUnchecked(args, pool);
      for (int64_t p = 0; p < count; ++p) {
        float* pixel = out + p * g.out_c;
        for (int64_t o = 0; o < cout; ++o) pixel[o] = t_transposed[static_cast<size_t>(o * count + p)] + (group_bias != nullptr ? group_bias[o] : 0.0f);
        ApplyActivation(activation, pixel, static_cast<size_t>(cout));
      }
      continue;
    }
    args.m = count;
    args.n = cout;
    args.a = patches;
    args.b = filters;
    args.c = Span<float>(out, static_cast<size_t>((count - 1) * g.out_c + cout));
    args.ldc = g.out_c;
    if (group_bias != nullptr) args.bias = Span<const float>(group_bias, static_cast<size_t>(cout));
    args.activation = activation;
    GemmUnchecked(args, pool);
  }
}

void ConvGeneral(const Conv2DGeometry& g, const float* input, const float* weight, const float* bias,
                 const ActivationParams& activation, float* output, ThreadPool* pool) {
  const int64_t pixels = g.batch * g.out_h * g.out_w;
  const int64_t row_len = g.kernel_h * g.kernel_w * (g.in_c / g.groups);
  // Patch blocks of about 128 K floats (512 KiB) keep the im2col buffer cache-friendly.
  const int64_t block = std::max<int64_t>(1, std::min<int64_t>(pixels, (int64_t{1} << 17) / std::max<int64_t>(row_len, 1)));
  const int64_t blocks = (pixels + block - 1) / block;
  const int threads = pool != nullptr ? pool->threads() : 1;
  if (blocks >= 2 * threads) {
    // Many blocks: each thread converts and multiplies its own blocks.
    ParallelFor(pool, blocks, [&](int64_t begin, int64_t end) {
      for (int64_t b = begin; b < end; ++b) {
        const int64_t pixel0 = b * block;
        Im2ColGemm(g, input, weight, bias, activation, output, pixel0, std::min(block, pixels - pixel0), nullptr);
      }
    });
  } else {
    // Few blocks: go block by block and let the GEMM use the threads.
    for (int64_t pixel0 = 0; pixel0 < pixels; pixel0 += block) {
      Im2ColGemm(g, input, weight, bias, activation, output, pixel0, std::min(block, pixels - pixel0), pool);
    }
  }
}

// 1x1 kernel, stride 1, no padding, one group: the input already is the patch matrix.
void ConvPointwise(const Conv2DGeometry& g, const float* input, const float* weight, const float* bias,
                   const ActivationParams& activation, float* output, ThreadPool* pool) {
  const int64_t pixels = g.batch * g.out_h * g.out_w;
  GemmArgs args;
  args.m = pixels;
  args.n = g.out_c;
  args.k = g.in_c;
  args.a = Span<const float>(input, static_cast<size_t>(pixels * g.in_c));
  args.lda = g.in_c;
  args.b = Span<const float>(weight, static_cast<size_t>(g.out_c * g.in_c));
  args.ldb = g.in_c;
  args.b_transposed = true;
  args.c = Span<float>(output, static_cast<size_t>(pixels * g.out_c));
  args.ldc = g.out_c;
  if (bias != nullptr) args.bias = Span<const float>(bias, static_cast<size_t>(g.out_c));
  args.activation = activation;
  GemmUnchecked(args, pool);
}

// Depthwise: each output row (n, oh) accumulates its window with the channel loop innermost.
void ConvDepthwise(const Conv2DGeometry& g, const float* input, const float* weight, const float* bias,
                   const ActivationParams& activation, float* output, ThreadPool* pool) {
  const int64_t channels = g.in_c;
  // Weights [C, kH, kW, 1] regrouped as [kH, kW, C] so the channel loop reads them contiguously.
  std::vector<float> taps(static_cast<size_t>(g.kernel_h * g.kernel_w * channels));
  for (int64_t c = 0; c < channels; ++c) {
    for (int64_t t = 0; t < g.kernel_h * g.kernel_w; ++t) taps[static_cast<size_t>(t * channels + c)] = weight[c * g.kernel_h * g.kernel_w + t];
  }
  ParallelFor(pool, g.batch * g.out_h, [&](int64_t begin, int64_t end) {
    for (int64_t row = begin; row < end; ++row) {
      const int64_t n = row / g.out_h;
      const int64_t oh = row % g.out_h;
      const float* image = input + n * g.in_h * g.in_w * channels;
      for (int64_t ow = 0; ow < g.out_w; ++ow) {
        float* __restrict out = output + ((n * g.out_h + oh) * g.out_w + ow) * channels;
        if (bias != nullptr) {
          std::memcpy(out, bias, static_cast<size_t>(channels) * sizeof(float));
        } else {
          std::fill(out, out + channels, 0.0f);
        }
        for (int64_t kh = 0; kh < g.kernel_h; ++kh) {
          const int64_t ih = oh * g.stride_h - g.pad_top + kh * g.dilation_h;
          if (ih < 0 || ih >= g.in_h) continue;
          for (int64_t kw = 0; kw < g.kernel_w; ++kw) {
            const int64_t iw = ow * g.stride_w - g.pad_left + kw * g.dilation_w;
            if (iw < 0 || iw >= g.in_w) continue;
            const float* __restrict in = image + (ih * g.in_w + iw) * channels;
            const float* __restrict tap = taps.data() + (kh * g.kernel_w + kw) * channels;
            for (int64_t c = 0; c < channels; ++c) out[c] += in[c] * tap[c];
          }
        }
        ApplyActivation(activation, out, static_cast<size_t>(channels));
      }
    }
  });
}

}  // namespace

Status ValidateConv2D(const Conv2DGeometry& g, size_t input_size, size_t weight_size, size_t bias_size,
                      size_t output_size) {
  const int64_t values[] = {g.batch,  g.in_h,     g.in_w,     g.in_c,       g.out_h,      g.out_w, g.out_c,
                            g.kernel_h, g.kernel_w, g.stride_h, g.stride_w, g.dilation_h, g.dilation_w, g.groups};
  for (int64_t v : values) {
    if (v <= 0 || v > (int64_t{1} << 30)) return BadArgument("conv2d: sizes, strides, dilations and groups must be positive");
  }
  if (g.pad_top < 0 || g.pad_left < 0) return BadArgument("conv2d: negative padding");
  if (g.in_c % g.groups != 0 || g.out_c % g.groups != 0) {
    return BadArgument("conv2d: " + std::to_string(g.in_c) + " input and " + std::to_string(g.out_c) +
                       " output channels do not divide into " + std::to_string(g.groups) + " groups");
  }
  if (static_cast<int64_t>(input_size) != g.InputSize() || static_cast<int64_t>(weight_size) != g.WeightSize() ||
      static_cast<int64_t>(output_size) != g.OutputSize() ||
      (bias_size != 0 && static_cast<int64_t>(bias_size) != g.out_c)) {
    return BadArgument("conv2d: buffer sizes do not match the geometry (input " + std::to_string(input_size) + " of " +
                       std::to_string(g.InputSize()) + ", weight " + std::to_string(weight_size) + " of " +
                       std::to_string(g.WeightSize()) + ", bias " + std::to_string(bias_size) + ", output " +
                       std::to_string(output_size) + " of " + std::to_string(g.OutputSize()) + ")");
  }
  return Status::Ok();
}

Status Conv2D(const Conv2DGeometry& g, Span<const float> input, Span<const float> weight, Span<const float> bias,
              const ActivationParams& activation, Span<float> output, ThreadPool* pool) {
  PRUNELAB_RETURN_IF_ERROR(ValidateConv2D(g, input.size(), weight.size(), bias.size(), output.size()));
  PRUNELAB_RETURN_IF_ERROR(CheckActivationSupported(activation.type, "conv2d"));
  const float* bias_data = bias.empty() ? nullptr : bias.data();
  if (g.IsDepthwise()) {
    ConvDepthwise(g, input.data(), weight.data(), bias_data, activation, output.data(), pool);
  } else if (g.groups == 1 && g.kernel_h == 1 && g.kernel_w == 1 && g.stride_h == 1 && g.stride_w == 1 &&
             g.pad_top == 0 && g.pad_left == 0 && g.out_h == g.in_h && g.out_w == g.in_w) {
    ConvPointwise(g, input.data(), weight.data(), bias_data, activation, output.data(), pool);
  } else {
    ConvGeneral(g, input.data(), weight.data(), bias_data, activation, output.data(), pool);
  }
  return Status::Ok();
}

}  // namespace kernels
}  // namespace engine
}  // namespace prunelab
