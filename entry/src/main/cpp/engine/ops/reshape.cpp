// Ops that only change the shape (the data is copied unchanged): Reshape, Flatten, Squeeze,
// Unsqueeze, ExpandDims, and Dropout at inference (identity).
#include <algorithm>
#include <cstring>
#include <string>

#include "engine/ops/ops.h"

namespace prunelab {
namespace engine {
namespace ops {
namespace {

// Shared Eval: copy the input into output 0 (and fill any extra output, e.g. a dropout mask, with ones).
class CopyKernel : public OpKernel {
 public:
  Status Eval(const EvalContext& ctx) override {
    const Span<const float> in = ctx.inputs[0];
    if (in.size() != ctx.outputs[0].size()) return Internal("reshape: element counts differ at run time");
    if (!in.empty()) std::memcpy(ctx.outputs[0].data(), in.data(), in.size() * sizeof(float));
    for (size_t i = 1; i < ctx.outputs.size(); ++i) std::fill(ctx.outputs[i].begin(), ctx.outputs[i].end(), 1.0f);
    return Status::Ok();
  }
};

Status ToShape(const PrepareContext& ctx, const std::vector<int64_t>& values, Shape* out) {
  out->clear();
  for (int64_t v : values) {
    if (v < -1 || v > kMaxElements) return ctx.Bad("shape value " + std::to_string(v) + " is invalid");
    out->push_back(static_cast<int32_t>(v));
  }
  return Status::Ok();
}

class ReshapeKernel : public CopyKernel {
 public:
  Status Prepare(const PrepareContext& ctx, std::vector<Shape>* output_dims) override {
    PRUNELAB_RETURN_IF_ERROR(ctx.RequireInputCount(1, 2));
    PRUNELAB_RETURN_IF_ERROR(ctx.RequireFloat(0, "input"));
    const Shape& x = ctx.inputs[0].dims;
    Shape target;
    if (ctx.inputs.size() == 2) {
      std::vector<int64_t> values;
      PRUNELAB_RETURN_IF_ERROR(ctx.ReadInts(1, "shape", &values));
      PRUNELAB_RETURN_IF_ERROR(ToShape(ctx, values, &target));
      // Converters bake the batch into the shape constant; follow an overridden batch.
      if (ctx.batch > 0 && !target.empty() && target[0] == ctx.declared_batch && ctx.batch != ctx.declared_batch &&
          !x.empty() && x[0] == ctx.batch) {
        target[0] = ctx.batch;
      }
    } else {
      // No shape input: the output tensor's stored dims (batch following the input's).
      target = ctx.outputs[0]->dims;
      if (!target.empty() && !x.empty() && ctx.batch > 0 && target[0] == ctx.declared_batch) target[0] = x[0];
    }
    // 0 copies the input's dim (ONNX/MindSpore convention), one -1 takes what is left.
    int64_t known = 1;
    int infer = -1;
    for (size_t i = 0; i < target.size(); ++i) {
      if (target[i] == 0) {
        if (i >= x.size()) return ctx.Bad("shape " + ShapeString(target) + " copies a dim the input " + ShapeString(x) + " lacks");
        target[i] = x[i];
      }
      if (target[i] == -1) {
        if (infer >= 0) return ctx.Bad("shape " + ShapeString(target) + " has more than one -1");
        infer = static_cast<int>(i);
      } else {
        known *= target[i];
        if (known > kMaxElements) return ctx.Bad("shape " + ShapeString(target) + " is too large");
      }
    }
    const int64_t count = ElementCount(x);
    if (infer >= 0) {
      if (known == 0 || count % known != 0) return ctx.Bad("cannot reshape " + ShapeString(x) + " to " + ShapeString(target));
      target[static_cast<size_t>(infer)] = static_cast<int32_t>(count / known);
    } else if (known != count) {
      return ctx.Bad("cannot reshape " + ShapeString(x) + " (" + std::to_string(count) + " values) to " + ShapeString(target));
    }
    output_dims->assign(1, target);
    return Status::Ok();
  }
};

class FlattenKernel : public CopyKernel {
 public:
  Status Prepare(const PrepareContext& ctx, std::vector<Shape>* output_dims) override {
    PRUNELAB_RETURN_IF_ERROR(ctx.RequireInputCount(1, 1));
    PRUNELAB_RETURN_IF_ERROR(ctx.RequireFloat(0, "input"));
    const Shape& x = ctx.inputs[0].dims;
    int64_t axis = ctx.node->Int("axis", 1);
    if (axis < 0) axis += static_cast<int64_t>(x.size());
    if (axis < 0 || axis > static_cast<int64_t>(x.size())) return ctx.Bad("axis is out of range for " + ShapeString(x));
    int64_t outer = 1, inner = 1;
    for (size_t i = 0; i < x.size(); ++i) (static_cast<int64_t>(i) < axis ? outer : inner) *= x[i];
    output_dims->assign(1, Shape{static_cast<int32_t>(outer), static_cast<int32_t>(inner)});
    return Status::Ok();
  }
};

class SqueezeKernel : public CopyKernel {
 public:
  Status Prepare(const PrepareContext& ctx, std::vector<Shape>* output_dims) override {
    PRUNELAB_RETURN_IF_ERROR(ctx.RequireInputCount(1, 1));
    PRUNELAB_RETURN_IF_ERROR(ctx.RequireFloat(0, "input"));
    const Shape& x = ctx.inputs[0].dims;
    std::vector<bool> drop(x.size(), false);
    const std::vector<int64_t> axes = ctx.node->Ints("axis");
    if (axes.empty()) {
      for (size_t i = 0; i < x.size(); ++i) drop[i] = x[i] == 1;
    } else {
      for (int64_t a : axes) {
        size_t axis = 0;
        PRUNELAB_RETURN_IF_ERROR(NormalizeAxis(a, x.size(), ctx.Where(), &axis));
        if (x[axis] != 1) return ctx.Bad("axis " + std::to_string(a) + " of " + ShapeString(x) + " is not 1");
        drop[axis] = true;
      }
    }
    Shape out;
    for (size_t i = 0; i < x.size(); ++i) {
      if (!drop[i]) out.push_back(x[i]);
    }
    output_dims->assign(1, out);
    return Status::Ok();
  }
};

// Inserts size-1 axes at `axes`, positions in the output's rank.
Status InsertAxes(const PrepareContext& ctx, const Shape& x, const std::vector<int64_t>& axes, Shape* out) {
  const size_t rank = x.size() + axes.size();
  std::vector<bool> inserted(rank, false);
  for (int64_t a : axes) {
    size_t axis = 0;
    PRUNELAB_RETURN_IF_ERROR(NormalizeAxis(a, rank, ctx.Where(), &axis));
    if (inserted[axis]) return ctx.Bad("axis " + std::to_string(a) + " is given twice");
    inserted[axis] = true;
  }
  out->clear();
  size_t next = 0;
  for (size_t i = 0; i < rank; ++i) out->push_back(inserted[i] ? 1 : x[next++]);
  return Status::Ok();
}

class UnsqueezeKernel : public CopyKernel {
 public:
  Status Prepare(const PrepareContext& ctx, std::vector<Shape>* output_dims) override {
    PRUNELAB_RETURN_IF_ERROR(ctx.RequireInputCount(1, 1));
    PRUNELAB_RETURN_IF_ERROR(ctx.RequireFloat(0, "input"));
    Shape out;
    PRUNELAB_RETURN_IF_ERROR(InsertAxes(ctx, ctx.inputs[0].dims, ctx.node->Ints("axis"), &out));
    output_dims->assign(1, out);
    return Status::Ok();
  }
};

class ExpandDimsKernel : public CopyKernel {
 public:
  Status Prepare(const PrepareContext& ctx, std::vector<Shape>* output_dims) override {
    PRUNELAB_RETURN_IF_ERROR(ctx.RequireInputCount(2, 2));
    PRUNELAB_RETURN_IF_ERROR(ctx.RequireFloat(0, "input"));
    std::vector<int64_t> axis;
    PRUNELAB_RETURN_IF_ERROR(ctx.ReadInts(1, "axis", &axis));
    if (axis.size() != 1) return ctx.Bad("the axis input must hold one value");
    Shape out;
    PRUNELAB_RETURN_IF_ERROR(InsertAxes(ctx, ctx.inputs[0].dims, axis, &out));
    output_dims->assign(1, out);
    return Status::Ok();
  }
};

class IdentityKernel : public CopyKernel {
 public:
  Status Prepare(const PrepareContext& ctx, std::vector<Shape>* output_dims) override {
    PRUNELAB_RETURN_IF_ERROR(ctx.RequireInputCount(1, 1));
    PRUNELAB_RETURN_IF_ERROR(ctx.RequireFloat(0, "input"));
    output_dims->assign(ctx.outputs.size(), ctx.inputs[0].dims);
    return Status::Ok();
  }
};

}  // namespace

std::unique_ptr<OpKernel> MakeReshape() { return std::make_unique<ReshapeKernel>(); }
std::unique_ptr<OpKernel> MakeFlatten() { return std::make_unique<FlattenKernel>(); }
std::unique_ptr<OpKernel> MakeSqueeze() { return std::make_unique<SqueezeKernel>(); }
std::unique_ptr<OpKernel> MakeUnsqueeze() { return std::make_unique<UnsqueezeKernel>(); }
std::unique_ptr<OpKernel> MakeExpandDims() { return std::make_unique<ExpandDimsKernel>(); }
std::unique_ptr<OpKernel> MakeIdentity() { return std::make_unique<IdentityKernel>(); }

}  // namespace ops
}  // namespace engine
}  // namespace prunelab
