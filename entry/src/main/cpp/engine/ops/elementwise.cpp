// Add/Sub/Mul/DivFusion (+ Maximum, Minimum, SquaredDifference) with broadcasting and fused
// activation, and BiasAdd (bias along the last, channel, axis of NHWC data).
#include <string>

#include "engine/kernels/binary.h"
#include "engine/ops/ops.h"

namespace prunelab {
namespace engine {
namespace ops {
namespace {

class ArithmeticKernel : public OpKernel {
 public:
  explicit ArithmeticKernel(kernels::BinaryOp op) : op_(op) {}

  Status Prepare(const PrepareContext& ctx, std::vector<Shape>* output_dims) override {
    PRUNELAB_RETURN_IF_ERROR(ctx.RequireInputCount(2, 2));
    PRUNELAB_RETURN_IF_ERROR(ctx.RequireFloat(0, "first input"));
    PRUNELAB_RETURN_IF_ERROR(ctx.RequireFloat(1, "second input"));
    a_ = ctx.inputs[0].dims;
    b_ = ctx.inputs[1].dims;
    Shape out;
    PRUNELAB_RETURN_IF_ERROR(BroadcastShapes(a_, b_, ctx.Where(), &out));
    PRUNELAB_RETURN_IF_ERROR(ctx.FusedActivation(&activation_));
    output_dims->assign(1, out);
    return Status::Ok();
  }

  Status Eval(const EvalContext& ctx) override {
    return kernels::Binary(op_, a_, ctx.inputs[0], b_, ctx.inputs[1], activation_, ctx.outputs[0], ctx.pool);
  }

 private:
  kernels::BinaryOp op_;
  Shape a_, b_;
  ActivationParams activation_;
};

class BiasAddKernel : public OpKernel {
 public:
  Status Prepare(const PrepareContext& ctx, std::vector<Shape>* output_dims) override {
    PRUNELAB_RETURN_IF_ERROR(ctx.RequireInputCount(2, 2));
    PRUNELAB_RETURN_IF_ERROR(ctx.RequireFloat(0, "input"));
    PRUNELAB_RETURN_IF_ERROR(ctx.RequireFloat(1, "bias"));
    x_ = ctx.inputs[0].dims;
    const int64_t channels = ElementCount(ctx.inputs[1].dims);
    if (x_.empty() || x_.back() != channels) {
      return ctx.Bad("bias of " + std::to_string(channels) + " values does not match the last axis of " + ShapeString(x_));
    }
    bias_ = Shape{static_cast<int32_t>(channels)};
    output_dims->assign(1, x_);
    return Status::Ok();
  }

  Status Eval(const EvalContext& ctx) override {
    return kernels::Binary(kernels::BinaryOp::kAdd, x_, ctx.inputs[0], bias_, ctx.inputs[1], ActivationParams(),
                           ctx.outputs[0], ctx.pool);
  }

 private:
  Shape x_, bias_;
};

}  // namespace

std::unique_ptr<OpKernel> MakeArithmetic(kernels::BinaryOp op) { return std::make_unique<ArithmeticKernel>(op); }
std::unique_ptr<OpKernel> MakeBiasAdd() { return std::make_unique<BiasAddKernel>(); }

}  // namespace ops
}  // namespace engine
}  // namespace prunelab
