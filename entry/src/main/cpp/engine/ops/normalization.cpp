// Inference normalisation as a per-channel affine map y = x * scale[c] + shift[c]:
// BatchNorm [x, mean, variance], FusedBatchNorm [x, scale, offset, mean, variance] (channel =
// last axis, NHWC) and ScaleFusion [x, scale, bias?] (channels = the scale's axes from `axis`).
// Scale and shift are derived from the live tensors at every run, so edited weights count.
#include <cmath>
#include <string>

#include "engine/ops/ops.h"

namespace prunelab {
namespace engine {
namespace ops {
namespace {

void ChannelAffine(int64_t outer, int64_t channels, int64_t inner, const float* x, const float* scale,
                   const float* shift, const ActivationParams& activation, float* y, ThreadPool* pool) {
  ParallelChunks(pool, outer * channels, std::max<int64_t>(1, (1 << 14) / std::max<int64_t>(inner, 1)),
                 [&](int64_t begin, int64_t end) {
                   for (int64_t row = begin; row < end; ++row) {
                     const int64_t c = row % channels;
                     const float s = scale[c], t = shift != nullptr ? shift[c] : 0.0f;
                     const float* in = x + row * inner;
                     float* out = y + row * inner;
                     for (int64_t i = 0; i < inner; ++i) out[i] = in[i] * s + t;
                     ApplyActivation(activation, out, static_cast<size_t>(inner));
                   }
                 });
}

Status CheckChannels(const PrepareContext& ctx, size_t index, const char* role, int64_t channels) {
  PRUNELAB_RETURN_IF_ERROR(ctx.RequireFloat(index, role));
  if (ElementCount(ctx.inputs[index].dims) != channels) {
    return ctx.Bad(std::string(role) + " shape " + ShapeString(ctx.inputs[index].dims) + " does not match " +
                   std::to_string(channels) + " channels");
  }
  return Status::Ok();
}

class BatchNormKernel : public OpKernel {
 public:
  explicit BatchNormKernel(bool fused) : fused_(fused) {}

  Status Prepare(const PrepareContext& ctx, std::vector<Shape>* output_dims) override {
    PRUNELAB_RETURN_IF_ERROR(ctx.RequireInputCount(fused_ ? 5 : 3, fused_ ? 5 : 3));
    PRUNELAB_RETURN_IF_ERROR(ctx.RequireFloat(0, "input"));
    const Shape& x = ctx.inputs[0].dims;
    if (x.empty()) return ctx.Bad("input is a scalar");
    channels_ = x.back();
    outer_ = ElementCount(x) / std::max<int64_t>(channels_, 1);
    for (size_t i = 1; i < ctx.inputs.size(); ++i) PRUNELAB_RETURN_IF_ERROR(CheckChannels(ctx, i, "statistics", channels_));
    epsilon_ = static_cast<float>(ctx.node->Float("epsilon", fused_ ? 1e-4 : 0.0));
    if (!(epsilon_ >= 0.0f)) return ctx.Bad("epsilon must not be negative");
    scale_.resize(static_cast<size_t>(channels_));
    shift_.resize(static_cast<size_t>(channels_));
    // Only the first output (y) is computed; training outputs (running statistics) are refused.
    if (ctx.outputs.size() > 1) return UnsupportedOp(ctx.Where() + ": batch-norm statistics outputs (training mode)");
    output_dims->assign(1, x);
    return Status::Ok();
  }

  Status Eval(const EvalContext& ctx) override {
    const size_t mean_at = fused_ ? 3 : 1;
    for (int64_t c = 0; c < channels_; ++c) {
      const float gamma = fused_ ? ctx.inputs[1][c] : 1.0f;
      const float beta = fused_ ? ctx.inputs[2][c] : 0.0f;
      const float inv = 1.0f / std::sqrt(ctx.inputs[mean_at + 1][c] + epsilon_);
      scale_[c] = gamma * inv;
      shift_[c] = beta - ctx.inputs[mean_at][c] * gamma * inv;
    }
    ChannelAffine(outer_, channels_, 1, ctx.inputs[0].data(), scale_.data(), shift_.data(), ActivationParams(),
                  ctx.outputs[0].data(), ctx.pool);
    return Status::Ok();
  }

 private:
  bool fused_;
  int64_t channels_ = 0, outer_ = 0;
  float epsilon_ = 0.0f;
  std::vector<float> scale_, shift_;
};

class ScaleKernel : public OpKernel {
 public:
  Status Prepare(const PrepareContext& ctx, std::vector<Shape>* output_dims) override {
    PRUNELAB_RETURN_IF_ERROR(ctx.RequireInputCount(2, 3));
    PRUNELAB_RETURN_IF_ERROR(ctx.RequireFloat(0, "input"));
    PRUNELAB_RETURN_IF_ERROR(ctx.RequireFloat(1, "scale"));
    const Shape& x = ctx.inputs[0].dims;
    const Shape& s = ctx.inputs[1].dims;
    if (x.empty()) return ctx.Bad("input is a scalar");
    size_t axis = 0;
    PRUNELAB_RETURN_IF_ERROR(NormalizeAxis(ctx.node->Int("axis", -1), x.size(), ctx.Where(), &axis));
    // The scale covers x's axes [axis, axis + rank(scale)), ignoring leading 1s of a 1-D scale.
    Shape covered(s.begin(), s.end());
    while (covered.size() > 1 && covered.front() == 1) covered.erase(covered.begin());
    if (axis + covered.size() > x.size() || !std::equal(covered.begin(), covered.end(), x.begin() + static_cast<std::ptrdiff_t>(axis))) {
      return ctx.Bad("scale shape " + ShapeString(s) + " does not match input " + ShapeString(x) + " from axis " +
                     std::to_string(axis));
    }
    outer_ = 1;
    channels_ = ElementCount(covered);
    inner_ = 1;
    for (size_t i = 0; i < axis; ++i) outer_ *= x[i];
    for (size_t i = axis + covered.size(); i < x.size(); ++i) inner_ *= x[i];
    has_bias_ = ctx.inputs.size() == 3;
    if (has_bias_) PRUNELAB_RETURN_IF_ERROR(CheckChannels(ctx, 2, "bias", channels_));
    PRUNELAB_RETURN_IF_ERROR(ctx.FusedActivation(&activation_));
    output_dims->assign(1, x);
    return Status::Ok();
  }

  Status Eval(const EvalContext& ctx) override {
    ChannelAffine(outer_, channels_, inner_, ctx.inputs[0].data(), ctx.inputs[1].data(),
                  has_bias_ ? ctx.inputs[2].data() : nullptr, activation_, ctx.outputs[0].data(), ctx.pool);
    return Status::Ok();
  }

 private:
  int64_t outer_ = 0, channels_ = 0, inner_ = 0;
  bool has_bias_ = false;
  ActivationParams activation_;
};

}  // namespace

std::unique_ptr<OpKernel> MakeBatchNorm() { return std::make_unique<BatchNormKernel>(false); }
std::unique_ptr<OpKernel> MakeFusedBatchNorm() { return std::make_unique<BatchNormKernel>(true); }
std::unique_ptr<OpKernel> MakeScale() { return std::make_unique<ScaleKernel>(); }

}  // namespace ops
}  // namespace engine
}  // namespace prunelab
