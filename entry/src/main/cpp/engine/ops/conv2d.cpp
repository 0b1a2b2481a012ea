// Conv2DFusion: inputs [x NHWC, weight OHWI (tagged NHWC or KHWC), bias?].
#include <string>

#include "engine/kernels/conv2d.h"
#include "engine/kernels/window.h"
#include "engine/ops/ops.h"
#include "graph/types.h"

namespace prunelab {
namespace engine {
namespace ops {
namespace {

// A [h, w] attribute: two values, one value for both, or `fallback` when absent.
Status Pair(const PrepareContext& ctx, const char* field, int64_t fallback, int64_t* h, int64_t* w) {
  const std::vector<int64_t> values = ctx.node->Ints(field);
  if (values.empty()) {
    *h = *w = fallback;
  } else if (values.size() == 1) {
    *h = *w = values[0];
  } else if (values.size() == 2) {
    *h = values[0];
    *w = values[1];
  } else {
    return ctx.Bad(std::string(field) + " has " + std::to_string(values.size()) + " values; expected 2");
  }
  return Status::Ok();
}

class Conv2DKernel : public OpKernel {
 public:
  Status Prepare(const PrepareContext& ctx, std::vector<Shape>* output_dims) override {
    PRUNELAB_RETURN_IF_ERROR(ctx.RequireInputCount(2, 3));
    PRUNELAB_RETURN_IF_ERROR(ctx.RequireFloat(0, "input"));
    PRUNELAB_RETURN_IF_ERROR(ctx.RequireFloat(1, "weight"));
    const Shape& x = ctx.inputs[0].dims;
    const Shape& w = ctx.inputs[1].dims;
    if (x.size() != 4) return ctx.Bad("input shape " + ShapeString(x) + " is not NHWC (rank 4)");
    if (w.size() != 4) return ctx.Bad("weight shape " + ShapeString(w) + " is not [out_c, kH, kW, in_c/group]");
    const int32_t format = ctx.inputs[1].tensor->format;
    if (ctx.inputs[1].constant && format != graph::format::kNHWC && format != graph::format::kKHWC) {
      return UnsupportedOp(ctx.Where() + ": weights in format " + graph::FormatName(format) +
                           " (the engine reads OHWI weights tagged NHWC or KHWC)");
    }
    g_ = kernels::Conv2DGeometry();
    g_.batch = x[0];
    g_.in_h = x[1];
    g_.in_w = x[2];
    g_.in_c = x[3];
    g_.out_c = w[0];
    g_.kernel_h = w[1];
    g_.kernel_w = w[2];
    if (g_.in_c <= 0 || w[3] <= 0 || g_.out_c <= 0) return ctx.Bad("empty channels");
    int64_t group = ctx.node->Int("group", 1);
    // A missing group means "whatever the shapes say" (old depthwise files leave it 0).
    if (group <= 0) group = g_.in_c / w[3];
    if (group <= 0 || g_.in_c != group * w[3] || g_.out_c % group != 0) {
      return ctx.Bad("input channels " + std::to_string(g_.in_c) + ", weight shape " + ShapeString(w) + " and group " +
                     std::to_string(group) + " do not fit together");
    }
    g_.groups = group;
    int64_t kh = 0, kw = 0;
    PRUNELAB_RETURN_IF_ERROR(Pair(ctx, "kernel_size", 0, &kh, &kw));
    if ((kh != 0 || kw != 0) && (kh != g_.kernel_h || kw != g_.kernel_w)) {
      return ctx.Bad("kernel_size " + std::to_string(kh) + "x" + std::to_string(kw) + " disagrees with weight shape " +
                     ShapeString(w));
    }
    PRUNELAB_RETURN_IF_ERROR(Pair(ctx, "stride", 1, &g_.stride_h, &g_.stride_w));
    PRUNELAB_RETURN_IF_ERROR(Pair(ctx, "dilation", 1, &g_.dilation_h, &g_.dilation_w));
    std::vector<int64_t> pads = ctx.node->Ints("pad_list");
    if (pads.empty()) pads.assign(4, 0);
    if (pads.size() != 4) return ctx.Bad("pad_list has " + std::to_string(pads.size()) + " values; expected 4");
    const int32_t pad_mode = static_cast<int32_t>(ctx.node->Int("pad_mode", graph::pad_mode::kPad));
    kernels::WindowAxis row, column;
    PRUNELAB_RETURN_IF_ERROR(kernels::ComputeWindowAxis(g_.in_h, g_.kernel_h, g_.stride_h, g_.dilation_h, pad_mode,
                                                        pads[0], pads[1], false, ctx.Where() + " (height)", &row));
    PRUNELAB_RETURN_IF_ERROR(kernels::ComputeWindowAxis(g_.in_w, g_.kernel_w, g_.stride_w, g_.dilation_w, pad_mode,
                                                        pads[2], pads[3], false, ctx.Where() + " (width)", &column));
    g_.out_h = row.out;
    g_.out_w = column.out;
    g_.pad_top = row.pad_before;
    g_.pad_left = column.pad_before;
    has_bias_ = ctx.inputs.size() == 3;
    if (has_bias_) {
      PRUNELAB_RETURN_IF_ERROR(ctx.RequireFloat(2, "bias"));
      if (ElementCount(ctx.inputs[2].dims) != g_.out_c) {
        return ctx.Bad("bias shape " + ShapeString(ctx.inputs[2].dims) + " does not match " + std::to_string(g_.out_c) +
                       " output channels");
      }
    }
    PRUNELAB_RETURN_IF_ERROR(ctx.FusedActivation(&activation_));
    output_dims->assign(1, Shape{x[0], static_cast<int32_t>(g_.out_h), static_cast<int32_t>(g_.out_w), w[0]});
    return Status::Ok();
  }

  Status Eval(const EvalContext& ctx) override {
    const Span<const float> bias = has_bias_ ? ctx.inputs[2] : Span<const float>();
    return kernels::Conv2D(g_, ctx.inputs[0], ctx.inputs[1], bias, activation_, ctx.outputs[0], ctx.pool);
  }

 private:
  kernels::Conv2DGeometry g_;
  ActivationParams activation_;
  bool has_bias_ = false;
};

}  // namespace

std::unique_ptr<OpKernel> MakeConv2D() { return std::make_unique<Conv2DKernel>(); }

}  // namespace ops
}  // namespace engine
}  // namespace prunelab
