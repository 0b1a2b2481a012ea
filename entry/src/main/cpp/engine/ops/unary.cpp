// Element-wise math ops of one input: Abs, Neg, Sqrt, Rsqrt, Square, ExpFusion, Log, Reciprocal,
// Floor, Ceil, Sin, Cos, Erf.
#include <cmath>

#include "engine/ops/ops.h"

#include "graph/types.h"

namespace prunelab {
namespace engine {
namespace ops {
namespace {

constexpr int64_t kGrain = 1 << 14;

class UnaryKernel : public OpKernel {
 public:
  explicit UnaryKernel(int32_t op_type) : op_type_(op_type) {}

  Status Prepare(const PrepareContext& ctx, std::vector<Shape>* output_dims) override {
    PRUNELAB_RETURN_IF_ERROR(ctx.RequireInputCount(1, 1));
    PRUNELAB_RETURN_IF_ERROR(ctx.RequireFloat(0, "input"));
    if (op_type_ == graph::op::kExpFusion) {
      // y = base^(scale * x + shift); base -1 means e.
      const double base = ctx.node->Float("base", -1.0);
      if (base != -1.0 && !(base > 0.0)) return ctx.Bad("base " + std::to_string(base) + " must be positive (or -1 for e)");
      log_base_ = base == -1.0 ? 1.0f : static_cast<float>(std::log(base));
      scale_ = static_cast<float>(ctx.node->Float("scale", 1.0));
      shift_ = static_cast<float>(ctx.node->Float("shift", 0.0));
    }
    output_dims->assign(1, ctx.inputs[0].dims);
    return Status::Ok();
  }

  Status Eval(const EvalContext& ctx) override {
    const float* in = ctx.inputs[0].data();
    float* out = ctx.outputs[0].data();
    ParallelChunks(ctx.pool, static_cast<int64_t>(ctx.outputs[0].size()), kGrain, [&](int64_t begin, int64_t end) {
      switch (op_type_) {
        case graph::op::kAbs: Map(in, out, begin, end, [](float x) { return std::fabs(x); }); break;
        case graph::op::kNeg: Map(in, out, begin, end, [](float x) { return -x; }); break;
        case graph::op::kSqrt: Map(in, out, begin, end, [](float x) { return std::sqrt(x); }); break;
        case graph::op::kRsqrt: Map(in, out, begin, end, [](float x) { return 1.0f / std::sqrt(x); }); break;
        case graph::op::kSquare: Map(in, out, begin, end, [](float x) { return x * x; }); break;
        case graph::op::kLog: Map(in, out, begin, end, [](float x) { return std::log(x); }); break;
        case graph::op::kReciprocal: Map(in, out, begin, end, [](float x) { return 1.0f / x; }); break;
        case graph::op::kFloor: Map(in, out, begin, end, [](float x) { return std::floor(x); }); break;
        case graph::op::kCeil: Map(in, out, begin, end, [](float x) { return std::ceil(x); }); break;
        case graph::op::kSin: Map(in, out, begin, end, [](float x) { return std::sin(x); }); break;
        case graph::op::kCos: Map(in, out, begin, end, [](float x) { return std::cos(x); }); break;
        case graph::op::kErf: Map(in, out, begin, end, [](float x) { return std::erf(x); }); break;
        case graph::op::kExpFusion: {
          const float k = log_base_ * scale_, c = log_base_ * shift_;
          Map(in, out, begin, end, [k, c](float x) { return std::exp(k * x + c); });
          break;
        }
        default: break;
      }
    });
    return Status::Ok();
  }

 private:
  template <typename F>
  static void Map(const float* in, float* out, int64_t begin, int64_t end, F f) {
    for (int64_t i = begin; i < end; ++i) out[i] = f(in[i]);
  }

  int32_t op_type_;
  float log_base_ = 1.0f, scale_ = 1.0f, shift_ = 0.0f;
};

}  // namespace

std::unique_ptr<OpKernel> MakeUnary(int32_t op_type) { return std::make_unique<UnaryKernel>(op_type); }

}  // namespace ops
}  // namespace engine
}  // namespace prunelab
