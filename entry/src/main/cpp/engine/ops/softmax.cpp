// Softmax along `axis` (the first entry of the axis list; the last axis when absent).
#include "engine/kernels/softmax.h"
#include "engine/ops/ops.h"

namespace prunelab {
namespace engine {
namespace ops {
namespace {

class SoftmaxKernel : public OpKernel {
 public:
  Status Prepare(const PrepareContext& ctx, std::vector<Shape>* output_dims) override {
    PRUNELAB_RETURN_IF_ERROR(ctx.RequireInputCount(1, 1));
    PRUNELAB_RETURN_IF_ERROR(ctx.RequireFloat(0, "input"));
    x_ = ctx.inputs[0].dims;
    const std::vector<int64_t> axes = ctx.node->Ints("axis");
    if (axes.size() > 1) return UnsupportedOp(ctx.Where() + ": softmax over several axes");
    if (x_.empty()) return ctx.Bad("softmax of a scalar");
    PRUNELAB_RETURN_IF_ERROR(NormalizeAxis(axes.empty() ? -1 : axes[0], x_.size(), ctx.Where(), &axis_));
    output_dims->assign(1, x_);
    return Status::Ok();
  }

  Status Eval(const EvalContext& ctx) override {
    return kernels::Softmax(x_, axis_, ctx.inputs[0], ctx.outputs[0], ctx.pool);
  }

 private:
  Shape x_;
  size_t axis_ = 0;
};

}  // namespace

std::unique_ptr<OpKernel> MakeSoftmax() { return std::make_unique<SoftmaxKernel>(); }

}  // namespace ops
}  // namespace engine
}  // namespace prunelab
