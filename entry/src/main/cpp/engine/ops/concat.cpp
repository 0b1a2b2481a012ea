// Concat (join along an existing axis) and Stack (join along a new axis).
#include "engine/kernels/data_movement.h"
#include "engine/ops/ops.h"

namespace prunelab {
namespace engine {
namespace ops {
namespace {

class ConcatKernel : public OpKernel {
 public:
  explicit ConcatKernel(bool stack) : stack_(stack) {}

  Status Prepare(const PrepareContext& ctx, std::vector<Shape>* output_dims) override {
    PRUNELAB_RETURN_IF_ERROR(ctx.RequireInputCount(1, 1 << 16));
    shapes_.clear();
    for (size_t i = 0; i < ctx.inputs.size(); ++i) {
      PRUNELAB_RETURN_IF_ERROR(ctx.RequireFloat(i, "input"));
      shapes_.push_back(ctx.inputs[i].dims);
    }
    const size_t rank = shapes_[0].size() + (stack_ ? 1 : 0);
    PRUNELAB_RETURN_IF_ERROR(NormalizeAxis(ctx.node->Int("axis", 0), rank, ctx.Where(), &axis_));
    if (stack_) {
      // Stacking = concatenating inputs that each gained a size-1 axis.
      for (Shape& s : shapes_) {
        if (s != ctx.inputs[0].dims) return ctx.Bad("stacked inputs must have equal shapes");
        s.insert(s.begin() + static_cast<std::ptrdiff_t>(axis_), 1);
      }
    }
    Shape out;
    Status status = kernels::ConcatShape(shapes_, axis_, &out);
    if (!status.ok()) return ctx.Bad(status.message());
    output_dims->assign(1, out);
    return Status::Ok();
  }

  Status Eval(const EvalContext& ctx) override { return kernels::Concat(shapes_, ctx.inputs, axis_, ctx.outputs[0]); }

 private:
  bool stack_;
  size_t axis_ = 0;
  std::vector<Shape> shapes_;
};

}  // namespace

std::unique_ptr<OpKernel> MakeConcat() { return std::make_unique<ConcatKernel>(false); }
std::unique_ptr<OpKernel> MakeStack() { return std::make_unique<ConcatKernel>(true); }

}  // namespace ops
}  // namespace engine
}  // namespace prunelab
