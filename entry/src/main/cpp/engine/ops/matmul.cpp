// FullConnection ([x, W [out, in], b?], y = x·Wᵀ + b) and MatMulFusion ([a, b, bias?] with
// transpose flags and batch dimensions that broadcast).
#include <algorithm>
#include <string>
#include <vector>

#include "engine/kernels/gemm.h"
#include "engine/kernels/transpose.h"
#include "engine/ops/ops.h"

namespace prunelab {
namespace engine {
namespace ops {
namespace {

Status CheckBias(const PrepareContext& ctx, size_t index, int64_t n) {
  PRUNELAB_RETURN_IF_ERROR(ctx.RequireFloat(index, "bias"));
  if (ElementCount(ctx.inputs[index].dims) != n) {
    return ctx.Bad("bias shape " + ShapeString(ctx.inputs[index].dims) + " does not match " + std::to_string(n) +
                   " outputs");
  }
  return Status::Ok();
}

class FullConnectionKernel : public OpKernel {
 public:
  Status Prepare(const PrepareContext& ctx, std::vector<Shape>* output_dims) override {
    PRUNELAB_RETURN_IF_ERROR(ctx.RequireInputCount(2, 3));
    PRUNELAB_RETURN_IF_ERROR(ctx.RequireFloat(0, "input"));
    PRUNELAB_RETURN_IF_ERROR(ctx.RequireFloat(1, "weight"));
    const Shape& x = ctx.inputs[0].dims;
    const Shape& w = ctx.inputs[1].dims;
    if (w.size() != 2 || w[0] <= 0 || w[1] <= 0) return ctx.Bad("weight shape " + ShapeString(w) + " is not [out, in]");
    n_ = w[0];
    k_ = w[1];
    const int64_t total = ElementCount(x);
    Shape out;
    if (ctx.node->Int("use_axis", 0) != 0) {
      const int64_t axis = ctx.node->Int("axis", 1);
      if (axis < 1 || axis > static_cast<int64_t>(x.size())) return ctx.Bad("axis " + std::to_string(axis) + " is out of range");
      int64_t inner = 1;
      for (size_t i = static_cast<size_t>(axis); i < x.size(); ++i) inner *= x[i];
      if (inner != k_) return ctx.Bad("input " + ShapeString(x) + " flattens to " + std::to_string(inner) + " features, the weight takes " + std::to_string(k_));
      out.assign(x.begin(), x.begin() + axis);
      out.push_back(static_cast<int32_t>(n_));
    } else {
      // Rows = all elements / in features (MindSpore Lite flattens everything but the features).
      if (total % k_ != 0) return ctx.Bad("input " + ShapeString(x) + " does not split into rows of " + std::to_string(k_) + " features");
      out = {static_cast<int32_t>(total / k_), static_cast<int32_t>(n_)};
    }
    m_ = total / k_;
    has_bias_ = ctx.inputs.size() == 3;
    if (has_bias_) PRUNELAB_RETURN_IF_ERROR(CheckBias(ctx, 2, n_));
    PRUNELAB_RETURN_IF_ERROR(ctx.FusedActivation(&activation_));
    output_dims->assign(1, out);
    return Status::Ok();
  }

  Status Eval(const EvalContext& ctx) override {
    kernels::GemmArgs args;
    args.m = m_;
    args.n = n_;
    args.k = k_;
    args.a = ctx.inputs[0];
    args.lda = k_;
    args.b = ctx.inputs[1];
    args.ldb = k_;
    args.b_transposed = true;
    args.c = ctx.outputs[0];
    args.ldc = n_;
    if (has_bias_) args.bias = ctx.inputs[2];
    args.activation = activation_;
    return kernels::Gemm(args, ctx.pool);
  }

 private:
  int64_t m_ = 0, n_ = 0, k_ = 0;
  bool has_bias_ = false;
  ActivationParams activation_;
};

class MatMulKernel : public OpKernel {
 public:
  Status Prepare(const PrepareContext& ctx, std::vector<Shape>* output_dims) override {
    PRUNELAB_RETURN_IF_ERROR(ctx.RequireInputCount(2, 3));
    PRUNELAB_RETURN_IF_ERROR(ctx.RequireFloat(0, "first input"));
    PRUNELAB_RETURN_IF_ERROR(ctx.RequireFloat(1, "second input"));
    const Shape& a = ctx.inputs[0].dims;
    const Shape& b = ctx.inputs[1].dims;
    if (a.size() < 2 || b.size() < 2) return ctx.Bad("inputs " + ShapeString(a) + " and " + ShapeString(b) + " must have rank 2 or more");
    transpose_a_ = ctx.node->Int("transpose_a", 0) != 0;
    transpose_b_ = ctx.node->Int("transpose_b", 0) != 0;
    const size_t ra = a.size(), rb = b.size();
    m_ = transpose_a_ ? a[ra - 1] : a[ra - 2];
    k_ = transpose_a_ ? a[ra - 2] : a[ra - 1];
    const int64_t kb = transpose_b_ ? b[rb - 1] : b[rb - 2];
    n_ = transpose_b_ ? b[rb - 2] : b[rb - 1];
    if (k_ != kb) {
      return ctx.Bad("inner dimensions differ: " + ShapeString(a) + (transpose_a_ ? "ᵀ" : "") + " x " + ShapeString(b) +
                     (transpose_b_ ? "ᵀ" : ""));
    }
    if (m_ <= 0 || n_ <= 0 || k_ <= 0) return ctx.Bad("empty matrices " + ShapeString(a) + " x " + ShapeString(b));
    a_batch_.assign(a.begin(), a.end() - 2);
    b_batch_.assign(b.begin(), b.end() - 2);
    PRUNELAB_RETURN_IF_ERROR(BroadcastShapes(a_batch_, b_batch_, ctx.Where() + " batch dimensions", &out_batch_));
    Shape out = out_batch_;
    out.push_back(static_cast<int32_t>(m_));
    out.push_back(static_cast<int32_t>(n_));
    has_bias_ = ctx.inputs.size() == 3;
    if (has_bias_) PRUNELAB_RETURN_IF_ERROR(CheckBias(ctx, 2, n_));
    PRUNELAB_RETURN_IF_ERROR(ctx.FusedActivation(&activation_));
    output_dims->assign(1, out);
    return Status::Ok();
  }

  Status Eval(const EvalContext& ctx) override {
    const int64_t batches = ElementCount(out_batch_);
    const int64_t a_size = m_ * k_, b_size = k_ * n_, c_size = m_ * n_;
    std::vector<int64_t> coordinate(out_batch_.size());
    for (int64_t batch = 0; batch < batches; ++batch) {
      int64_t rest = batch;
      for (size_t i = out_batch_.size(); i-- > 0;) {
        coordinate[i] = rest % out_batch_[i];
        rest /= out_batch_[i];
      }
      const float* a = ctx.inputs[0].data() + BatchIndex(a_batch_, coordinate) * a_size;
      const float* b = ctx.inputs[1].data() + BatchIndex(b_batch_, coordinate) * b_size;
      kernels::GemmArgs args;
      args.m = m_;
      args.n = n_;
      args.k = k_;
      if (transpose_a_) {
        // A is stored [k, m]: transpose this batch's slice once into scratch.
        scratch_.resize(static_cast<size_t>(a_size));
        PRUNELAB_RETURN_IF_ERROR(kernels::Transpose(Shape{static_cast<int32_t>(k_), static_cast<int32_t>(m_)}, {1, 0},
                                                    Span<const float>(a, static_cast<size_t>(a_size)), Span<float>(scratch_), nullptr));
        a = scratch_.data();
      }
      args.a = Span<const float>(a, static_cast<size_t>(a_size));
      args.lda = k_;
      args.b = Span<const float>(b, static_cast<size_t>(b_size));
      args.ldb = transpose_b_ ? k_ : n_;
      args.b_transposed = transpose_b_;
      args.c = ctx.outputs[0].subspan(static_cast<size_t>(batch * c_size), static_cast<size_t>(c_size));
      args.ldc = n_;
      if (has_bias_) args.bias = ctx.inputs[2];
      args.activation = activation_;
      PRUNELAB_RETURN_IF_ERROR(kernels::Gemm(args, ctx.pool));
    }
    return Status::Ok();
  }

 private:
  // The flat batch index into `shape` (right-aligned, broadcast dims read index 0).
  static int64_t BatchIndex(const Shape& shape, const std::vector<int64_t>& coordinate) {
    const size_t offset = coordinate.size() - shape.size();
    int64_t index = 0;
    for (size_t i = 0; i < shape.size(); ++i) index = index * shape[i] + (shape[i] == 1 ? 0 : coordinate[offset + i]);
    return index;
  }

  bool transpose_a_ = false, transpose_b_ = false, has_bias_ = false;
  int64_t m_ = 0, n_ = 0, k_ = 0;
  Shape a_batch_, b_batch_, out_batch_;
  ActivationParams activation_;
  std::vector<float> scratch_;
};

}  // namespace

std::unique_ptr<OpKernel> MakeFullConnection() { return std::make_unique<FullConnectionKernel>(); }
std::unique_ptr<OpKernel> MakeMatMul() { return std::make_unique<MatMulKernel>(); }

}  // namespace ops
}  // namespace engine
}  // namespace prunelab
