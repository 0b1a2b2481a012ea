// StridedSlice: [x, begin, end, strides] or [x, begin, end, axes, strides] (int constants),
// with begin_mask, end_mask and shrink_axis_mask (TensorFlow semantics: out-of-range bounds
// clamp, negative indices count from the end). new_axis_mask and ellipsis_mask are refused.
#include <algorithm>
#include <string>

#include "engine/kernels/data_movement.h"
#include "engine/ops/ops.h"

namespace prunelab {
namespace engine {
namespace ops {
namespace {

class StridedSliceKernel : public OpKernel {
 public:
  Status Prepare(const PrepareContext& ctx, std::vector<Shape>* output_dims) override {
    PRUNELAB_RETURN_IF_ERROR(ctx.RequireInputCount(4, 5));
    PRUNELAB_RETURN_IF_ERROR(ctx.RequireFloat(0, "input"));
    x_ = ctx.inputs[0].dims;
    const size_t rank = x_.size();
    std::vector<int64_t> begin, end, strides, axes;
    PRUNELAB_RETURN_IF_ERROR(ctx.ReadInts(1, "begin", &begin));
    PRUNELAB_RETURN_IF_ERROR(ctx.ReadInts(2, "end", &end));
    if (ctx.inputs.size() == 5) {
      PRUNELAB_RETURN_IF_ERROR(ctx.ReadInts(3, "axes", &axes));
      PRUNELAB_RETURN_IF_ERROR(ctx.ReadInts(4, "strides", &strides));
    } else {
      PRUNELAB_RETURN_IF_ERROR(ctx.ReadInts(3, "strides", &strides));
    }
    if (end.size() != begin.size() || strides.size() != begin.size() || begin.size() > rank ||
        (!axes.empty() && axes.size() != begin.size())) {
      return ctx.Bad("begin, end, strides (and axes) must have one entry per sliced axis");
    }
    if (ctx.node->Int("ellipsis_mask", 0) != 0 || ctx.node->Int("new_axis_mask", 0) != 0) {
      return UnsupportedOp(ctx.Where() + ": ellipsis_mask and new_axis_mask are not supported");
    }
    const int64_t begin_mask = ctx.node->Int("begin_mask", 0);
    const int64_t end_mask = ctx.node->Int("end_mask", 0);
    const int64_t shrink_mask = ctx.node->Int("shrink_axis_mask", 0);
    start_.assign(rank, 0);
    step_.assign(rank, 1);
    Shape sliced(x_.begin(), x_.end());
    std::vector<bool> shrink(rank, false);
    for (size_t j = 0; j < begin.size(); ++j) {
      size_t axis = j;
      if (!axes.empty()) PRUNELAB_RETURN_IF_ERROR(NormalizeAxis(axes[j], rank, ctx.Where(), &axis));
      const int64_t n = x_[axis];
      const int64_t s = strides[j];
      if (s == 0) return ctx.Bad("stride 0 on axis " + std::to_string(axis));
      if (s < -kMaxElements || s > kMaxElements) return ctx.Bad("stride is out of range");
      const int64_t bit = int64_t{1} << std::min<size_t>(j, 62);
      auto normalize = [n](int64_t v) { return v < 0 ? v + n : v; };
      if ((shrink_mask & bit) != 0) {
        const int64_t b = normalize(begin[j]);
        if (b < 0 || b >= n) return ctx.Bad("index " + std::to_string(begin[j]) + " is out of range on axis " + std::to_string(axis));
        start_[axis] = b;
        sliced[axis] = 1;
        shrink[axis] = true;
        continue;
      }
      int64_t b, e, count;
      if (s > 0) {
        b = (begin_mask & bit) != 0 ? 0 : std::min(std::max<int64_t>(normalize(begin[j]), 0), n);
        e = (end_mask & bit) != 0 ? n : std::min(std::max<int64_t>(normalize(end[j]), 0), n);
        count = e > b ? (e - b + s - 1) / s : 0;
      } else {
        b = (begin_mask & bit) != 0 ? n - 1 : std::min(std::max<int64_t>(normalize(begin[j]), -1), n - 1);
        e = (end_mask & bit) != 0 ? -1 : std::min(std::max<int64_t>(normalize(end[j]), -1), n - 1);
        count = b > e ? (b - e - s - 1) / -s : 0;
      }
      start_[axis] = count > 0 ? b : 0;
      step_[axis] = s;
      sliced[axis] = static_cast<int32_t>(count);
    }
    sliced_ = sliced;
    Shape out;
    for (size_t i = 0; i < rank; ++i) {
      if (!shrink[i]) out.push_back(sliced[i]);
    }
    output_dims->assign(1, out);
    return Status::Ok();
  }

  Status Eval(const EvalContext& ctx) override {
    return kernels::StridedGather(x_, start_, step_, sliced_, ctx.inputs[0], ctx.outputs[0]);
  }

 private:
  Shape x_, sliced_;
  std::vector<int64_t> start_, step_;
};

}  // namespace

std::unique_ptr<OpKernel> MakeStridedSlice() { return std::make_unique<StridedSliceKernel>(); }

}  // namespace ops
}  // namespace engine
}  // namespace prunelab
