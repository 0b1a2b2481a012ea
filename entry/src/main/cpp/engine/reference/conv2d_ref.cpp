#include "engine/reference/conv2d_ref.h"

namespace prunelab {
namespace engine {
namespace reference {

Status Conv2D(const kernels::Conv2DGeometry& g, Span<const float> input, Span<const float> weight,
              Span<const float> bias, const ActivationParams& activation, Span<float> output) {
  PRUNELAB_RETURN_IF_ERROR(kernels::ValidateConv2D(g, input.size(), weight.size(), bias.size(), output.size()));
  PRUNELAB_RETURN_IF_ERROR(CheckActivationSupported(activation.type, "reference conv2d"));
  const int64_t cin = g.in_c / g.groups;
  const int64_t cout = g.out_c / g.groups;
  for (int64_t n = 0; n < g.batch; ++n) {
    for (int64_t oh = 0; oh < g.out_h; ++oh) {
      for (int64_t ow = 0; ow < g.out_w; ++ow) {
        for (int64_t oc = 0; oc < g.out_c; ++oc) {
          const int64_t group = oc / cout;
          double sum = bias.empty() ? 0.0 : bias[static_cast<size_t>(oc)];
          for (int64_t kh = 0; kh < g.kernel_h; ++kh) {
            for (int64_t kw = 0; kw < g.kernel_w; ++kw) {
              const int64_t ih = oh * g.stride_h - g.pad_top + kh * g.dilation_h;
              const int64_t iw = ow * g.stride_w - g.pad_left + kw * g.dilation_w;
              if (ih < 0 || ih >= g.in_h || iw < 0 || iw >= g.in_w) continue;  // zero padding
              for (int64_t ic = 0; ic < cin; ++ic) {
                const float x = input[static_cast<size_t>(((n * g.in_h + ih) * g.in_w + iw) * g.in_c + group * cin + ic)];
                const float w = weight[static_cast<size_t>(((oc * g.kernel_h + kh) * g.kernel_w + kw) * cin + ic)];
                sum += static_cast<double>(x) * w;
              }
            }
          }
          float value = static_cast<float>(sum);
          ApplyActivation(activation, &value, 1);
          output[static_cast<size_t>(((n * g.out_h + oh) * g.out_w + ow) * g.out_c + oc)] = value;
        }
      }
    }
  }
  return Status::Ok();
}

}  // namespace reference
}  // namespace engine
}  // namespace prunelab
