// PadFusion: [x, paddings (int constant [rank, 2] or the `paddings` attribute), value?],
// padding_mode CONSTANT / REFLECT / SYMMETRIC, constant_value.
#include <string>

#include "engine/kernels/data_movement.h"
#include "engine/ops/ops.h"

namespace prunelab {
namespace engine {
namespace ops {
namespace {

class PadKernel : public OpKernel {
 public:
  Status Prepare(const PrepareContext& ctx, std::vector<Shape>* output_dims) override {
    PRUNELAB_RETURN_IF_ERROR(ctx.RequireInputCount(1, 3));
    PRUNELAB_RETURN_IF_ERROR(ctx.RequireFloat(0, "input"));
    x_ = ctx.inputs[0].dims;
    std::vector<int64_t> flat;
    if (ctx.inputs.size() >= 2) {
      PRUNELAB_RETURN_IF_ERROR(ctx.ReadInts(1, "paddings", &flat));
    } else {
      for (const std::vector<int64_t>& row : PaddingsAttribute(*ctx.node)) flat.insert(flat.end(), row.begin(), row.end());
    }
    if (flat.size() != 2 * x_.size()) {
      return ctx.Bad(std::to_string(flat.size()) + " padding values for a rank-" + std::to_string(x_.size()) +
                     " input; expected " + std::to_string(2 * x_.size()));
    }
    before_.assign(x_.size(), 0);
    after_.assign(x_.size(), 0);
    for (size_t i = 0; i < x_.size(); ++i) {
      before_[i] = flat[2 * i];
      after_[i] = flat[2 * i + 1];
    }
    const int64_t mode = ctx.node->Int("padding_mode", 0);
    if (mode < 0 || mode > 2) return UnsupportedOp(ctx.Where() + ": padding mode " + std::to_string(mode));
    mode_ = static_cast<kernels::PadMode>(mode);
    value_ = static_cast<float>(ctx.node->Float("constant_value", 0.0));
    if (ctx.inputs.size() == 3) {
      std::vector<float> value;
      PRUNELAB_RETURN_IF_ERROR(ctx.ReadFloats(2, "pad value", &value));
      if (value.size() != 1) return ctx.Bad("the pad value input must hold one value");
      value_ = value[0];
    }
    Shape out;
    Status status = kernels::PadShape(x_, before_, after_, mode_, &out);
    if (!status.ok()) return ctx.Bad(status.message());
    output_dims->assign(1, out);
    return Status::Ok();
  }

  Status Eval(const EvalContext& ctx) override {
    return kernels::Pad(x_, before_, after_, mode_, value_, ctx.inputs[0], ctx.outputs[0]);
  }

 private:
  // The Vec2D `paddings` attribute (rows of [before, after]), empty when absent.
  static std::vector<std::vector<int64_t>> PaddingsAttribute(const graph::Node& node) {
    const graph::OpSpec* spec = graph::FindOpSpec(node.op_type);
    if (spec == nullptr || node.attrs.values.size() != spec->field_count) return {};
    for (size_t i = 0; i < spec->field_count; ++i) {
      if (std::string(spec->fields[i].name) == "paddings") return node.attrs.values[i].matrix;
    }
    return {};
  }

  Shape x_;
  std::vector<int64_t> before_, after_;
  kernels::PadMode mode_ = kernels::PadMode::kConstant;
  float value_ = 0.0f;
};

}  // namespace

std::unique_ptr<OpKernel> MakePad() { return std::make_unique<PadKernel>(); }

}  // namespace ops
}  // namespace engine
}  // namespace prunelab
