// Activation (activation_type with alpha, min_val, max_val, approximate) and LeakyRelu.
#include <cstring>

#include "engine/ops/ops.h"

namespace prunelab {
namespace engine {
namespace ops {
namespace {

constexpr int64_t kGrain = 1 << 14;  // elements per parallel chunk at least

class ActivationKernel : public OpKernel {
 public:
  explicit ActivationKernel(bool leaky_relu_op) : leaky_relu_op_(leaky_relu_op) {}

  Status Prepare(const PrepareContext& ctx, std::vector<Shape>* output_dims) override {
    PRUNELAB_RETURN_IF_ERROR(ctx.RequireInputCount(1, 1));
    PRUNELAB_RETURN_IF_ERROR(ctx.RequireFloat(0, "input"));
    params_ = ActivationParams();
    if (leaky_relu_op_) {
      params_.type = graph::activation::kLeakyRelu;
      params_.alpha = static_cast<float>(ctx.node->Float("negative_slope", 0.0));
    } else {
      params_.type = static_cast<int32_t>(ctx.node->Int("activation_type", 0));
      params_.alpha = static_cast<float>(ctx.node->Float("alpha", 0.0));
      params_.min_val = static_cast<float>(ctx.node->Float("min_val", 0.0));
      params_.max_val = static_cast<float>(ctx.node->Float("max_val", 0.0));
      params_.approximate = ctx.node->Int("approximate", 0) != 0;
      PRUNELAB_RETURN_IF_ERROR(CheckActivationSupported(params_.type, ctx.Where()));
    }
    output_dims->assign(1, ctx.inputs[0].dims);
    return Status::Ok();
  }

  Status Eval(const EvalContext& ctx) override {
    const float* in = ctx.inputs[0].data();
    float* out = ctx.outputs[0].data();
    ParallelChunks(ctx.pool, static_cast<int64_t>(ctx.outputs[0].size()), kGrain, [&](int64_t begin, int64_t end) {
      std::memcpy(out + begin, in + begin, static_cast<size_t>(end - begin) * sizeof(float));
      ApplyActivation(params_, out + begin, static_cast<size_t>(end - begin));
    });
    return Status::Ok();
  }

 private:
  bool leaky_relu_op_;
  ActivationParams params_;
};

}  // namespace

std::unique_ptr<OpKernel> MakeActivation() { return std::make_unique<ActivationKernel>(false); }
std::unique_ptr<OpKernel> MakeLeakyRelu() { return std::make_unique<ActivationKernel>(true); }

}  // namespace ops
}  // namespace engine
}  // namespace prunelab
