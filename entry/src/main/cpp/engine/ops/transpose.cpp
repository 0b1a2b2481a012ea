// Transpose: [x, perm (int32 constant)].
#include "engine/kernels/transpose.h"
#include "engine/ops/ops.h"

namespace prunelab {
namespace engine {
namespace ops {
namespace {

class TransposeKernel : public OpKernel {
 public:
  Status Prepare(const PrepareContext& ctx, std::vector<Shape>* output_dims) override {
    PRUNELAB_RETURN_IF_ERROR(ctx.RequireInputCount(2, 2));
    PRUNELAB_RETURN_IF_ERROR(ctx.RequireFloat(0, "input"));
    PRUNELAB_RETURN_IF_ERROR(ctx.ReadInts(1, "permutation", &perm_));
    x_ = ctx.inputs[0].dims;
    for (int64_t& p : perm_) {
      if (p < 0) p += static_cast<int64_t>(x_.size());
    }
    Status valid = kernels::ValidatePermutation(perm_, x_.size(), "permutation");
    if (!valid.ok()) return ctx.Bad(valid.message() + " (input " + ShapeString(x_) + ")");
    output_dims->assign(1, kernels::PermuteShape(x_, perm_));
    return Status::Ok();
  }

  Status Eval(const EvalContext& ctx) override {
    return kernels::Transpose(x_, perm_, ctx.inputs[0], ctx.outputs[0], ctx.pool);
  }

 private:
  Shape x_;
  std::vector<int64_t> perm_;
};

}  // namespace

std::unique_ptr<OpKernel> MakeTranspose() { return std::make_unique<TransposeKernel>(); }

}  // namespace ops
}  // namespace engine
}  // namespace prunelab
