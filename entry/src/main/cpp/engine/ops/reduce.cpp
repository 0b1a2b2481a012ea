// ReduceFusion: [x, axes (int constant)?], keep_dims, mode, reduce_to_end, coeff.
// No or empty axes reduce everything (MindSpore Lite's rule); reduce_to_end extends the single
// given axis to the last one, drops the kept dims and scales the result by coeff.
#include <string>

#include "engine/kernels/reduce.h"
#include "engine/ops/ops.h"

namespace prunelab {
namespace engine {
namespace ops {
namespace {

class ReduceKernel : public OpKernel {
 public:
  Status Prepare(const PrepareContext& ctx, std::vector<Shape>* output_dims) override {
    PRUNELAB_RETURN_IF_ERROR(ctx.RequireInputCount(1, 2));
    PRUNELAB_RETURN_IF_ERROR(ctx.RequireFloat(0, "input"));
    x_ = ctx.inputs[0].dims;
    const int64_t mode = ctx.node->Int("mode", 0);
    if (!kernels::IsSupportedReduceMode(static_cast<int32_t>(mode))) {
      return UnsupportedOp(ctx.Where() + ": reduce mode " + std::to_string(mode));
    }
    mode_ = static_cast<kernels::ReduceMode>(mode);
    std::vector<int64_t> axes;
    if (ctx.inputs.size() == 2) PRUNELAB_RETURN_IF_ERROR(ctx.ReadInts(1, "axes", &axes));
    bool keep_dims = ctx.node->Int("keep_dims", 0) != 0;
    scale_ = 1.0f;
    reduced_.assign(x_.size(), axes.empty());
    if (ctx.node->Int("reduce_to_end", 0) != 0) {
      if (axes.size() != 1) return ctx.Bad("reduce_to_end needs exactly one axis");
      size_t first = 0;
      PRUNELAB_RETURN_IF_ERROR(NormalizeAxis(axes[0], x_.size(), ctx.Where(), &first));
      for (size_t i = first; i < x_.size(); ++i) reduced_[i] = true;
      keep_dims = false;
      scale_ = static_cast<float>(ctx.node->Float("coeff", 1.0));
    } else {
      for (int64_t a : axes) {
        size_t axis = 0;
        PRUNELAB_RETURN_IF_ERROR(NormalizeAxis(a, x_.size(), ctx.Where(), &axis));
        reduced_[axis] = true;
      }
    }
    Shape out;
    for (size_t i = 0; i < x_.size(); ++i) {
      if (!reduced_[i]) {
        out.push_back(x_[i]);
      } else if (keep_dims) {
        out.push_back(1);
      }
      if (reduced_[i] && x_[i] == 0 && (mode_ == kernels::ReduceMode::kMax || mode_ == kernels::ReduceMode::kMin)) {
        return ctx.Bad("max or min over an empty axis");
      }
    }
    output_dims->assign(1, out);
    return Status::Ok();
  }

  Status Eval(const EvalContext& ctx) override {
    return kernels::Reduce(mode_, x_, reduced_, scale_, ctx.inputs[0], ctx.outputs[0], ctx.pool);
  }

 private:
  Shape x_;
  std::vector<bool> reduced_;
  kernels::ReduceMode mode_ = kernels::ReduceMode::kMean;
  float scale_ = 1.0f;
};

}  // namespace

std::unique_ptr<OpKernel> MakeReduce() { return std::make_unique<ReduceKernel>(); }

}  // namespace ops
}  // namespace engine
}  // namespace prunelab
