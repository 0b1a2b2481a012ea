// MaxPoolFusion and AvgPoolFusion on NHWC input: kernel_size, strides, pad [top, bottom, left,
// right], pad_mode, round_mode (floor/ceil), global, fused activation.
#include <string>

#include "engine/kernels/pooling.h"
#include "engine/kernels/window.h"
#include "engine/ops/ops.h"
#include "graph/types.h"

namespace prunelab {
namespace engine {
namespace ops {
namespace {

Status Pair(const PrepareContext& ctx, const char* field, int64_t fallback, int64_t* h, int64_t* w) {
  const std::vector<int64_t> values = ctx.node->Ints(field);
  if (values.empty()) {
    *h = *w = fallback;
  } else if (values.size() == 1) {
    *h = *w = values[0];
  } else if (values.size() == 2) {
    *h = values[0];
    *w = values[1];
  } else if (values.size() == 4) {  // [1, h, w, 1] as some converters write
    *h = values[1];
    *w = values[2];
  } else {
    return ctx.Bad(std::string(field) + " has " + std::to_string(values.size()) + " values; expected 2");
  }
  return Status::Ok();
}

class PoolingKernel : public OpKernel {
 public:
  explicit PoolingKernel(kernels::PoolKind kind) : kind_(kind) {}

  Status Prepare(const PrepareContext& ctx, std::vector<Shape>* output_dims) override {
    PRUNELAB_RETURN_IF_ERROR(ctx.RequireInputCount(1, 1));
    PRUNELAB_RETURN_IF_ERROR(ctx.RequireFloat(0, "input"));
    const Shape& x = ctx.inputs[0].dims;
    if (x.size() != 4) return ctx.Bad("input shape " + ShapeString(x) + " is not NHWC (rank 4)");
    g_ = kernels::Pool2DGeometry();
    g_.batch = x[0];
    g_.in_h = x[1];
    g_.in_w = x[2];
    g_.channels = x[3];
    if (ctx.node->Int("global", 0) != 0) {
      g_.kernel_h = g_.in_h;
      g_.kernel_w = g_.in_w;
      g_.out_h = g_.out_w = 1;
    } else {
      PRUNELAB_RETURN_IF_ERROR(Pair(ctx, "kernel_size", 0, &g_.kernel_h, &g_.kernel_w));
      PRUNELAB_RETURN_IF_ERROR(Pair(ctx, "strides", 1, &g_.stride_h, &g_.stride_w));
      std::vector<int64_t> pads = ctx.node->Ints("pad");
      if (pads.empty()) pads.assign(4, 0);
      if (pads.size() != 4) return ctx.Bad("pad has " + std::to_string(pads.size()) + " values; expected 4");
      const int32_t pad_mode = static_cast<int32_t>(ctx.node->Int("pad_mode", graph::pad_mode::kPad));
      const bool ceil_mode = ctx.node->Int("round_mode", 0) == 1;
      kernels::WindowAxis row, column;
      PRUNELAB_RETURN_IF_ERROR(kernels::ComputeWindowAxis(g_.in_h, g_.kernel_h, g_.stride_h, 1, pad_mode, pads[0],
                                                          pads[1], ceil_mode, ctx.Where() + " (height)", &row));
      PRUNELAB_RETURN_IF_ERROR(kernels::ComputeWindowAxis(g_.in_w, g_.kernel_w, g_.stride_w, 1, pad_mode, pads[2],
                                                          pads[3], ceil_mode, ctx.Where() + " (width)", &column));
      g_.out_h = row.out;
      g_.out_w = column.out;
      g_.pad_top = row.pad_before;
      g_.pad_left = column.pad_before;
    }
    Status valid = kernels::ValidatePool2D(g_, static_cast<size_t>(g_.InputSize()), static_cast<size_t>(g_.OutputSize()));
    if (!valid.ok()) return ctx.Bad(valid.message());
    PRUNELAB_RETURN_IF_ERROR(ctx.FusedActivation(&activation_));
    output_dims->assign(1, Shape{x[0], static_cast<int32_t>(g_.out_h), static_cast<int32_t>(g_.out_w), x[3]});
    return Status::Ok();
  }

  Status Eval(const EvalContext& ctx) override {
    return kernels::Pool2D(kind_, g_, ctx.inputs[0], activation_, ctx.outputs[0], ctx.pool);
  }

 private:
  kernels::PoolKind kind_;
  kernels::Pool2DGeometry g_;
  ActivationParams activation_;
};

}  // namespace

std::unique_ptr<OpKernel> MakePooling(kernels::PoolKind kind) { return std::make_unique<PoolingKernel>(kind); }

}  // namespace ops
}  // namespace engine
}  // namespace prunelab
