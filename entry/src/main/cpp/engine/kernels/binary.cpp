#include "engine/kernels/binary.h"

#include <algorithm>
#include <string>
#include <vector>

namespace prunelab {
namespace engine {
namespace kernels {
namespace {

template <BinaryOp kOp>
inline float Apply(float x, float y) {
  switch (kOp) {
    case BinaryOp::kAdd: return x + y;
    case BinaryOp::kSub: return x - y;
    case BinaryOp::kMul: return x * y;
    case BinaryOp::kDiv: return x / y;
    case BinaryOp::kMaximum: return x > y ? x : y;
    case BinaryOp::kMinimum: return x < y ? x : y;
    case BinaryOp::kSquaredDifference: return (x - y) * (x - y);
  }
  return 0.0f;
}

// The innermost run: stride 1 or 0 on each side, specialised so each case vectorises.
template <BinaryOp kOp>
void Run(const float* __restrict a, int64_t sa, const float* __restrict b, int64_t sb, float* __restrict out,
         int64_t count) {
  if (sa == 1 && sb == 1) {
    for (int64_t i = 0; i < count; ++i) out[i] = Apply<kOp>(a[i], b[i]);
  } else if (sa == 1 && sb == 0) {
    const float y = b[0];
    for (int64_t i = 0; i < count; ++i) out[i] = Apply<kOp>(a[i], y);
  } else if (sa == 0 && sb == 1) {
    const float x = a[0];
    for (int64_t i = 0; i < count; ++i) out[i] = Apply<kOp>(x, b[i]);
  } else {
    for (int64_t i = 0; i < count; ++i) out[i] = Apply<kOp>(a[i * sa], b[i * sb]);
  }
}

// Broadcast iteration plan: merged output dims with the element strides of a and b (0 where broadcast).
struct Plan {
  std::vector<int64_t> dims;
  std::vector<int64_t> a_strides;
  std::vector<int64_t> b_strides;
};

Plan MakePlan(const Shape& a_shape, const Shape& b_shape, const Shape& out_shape) {
  const size_t rank = out_shape.size();
  std::vector<int64_t> sa(rank, 0), sb(rank, 0);
  int64_t stride_a = 1, stride_b = 1;
  for (size_t i = rank; i-- > 0;) {
    const size_t ia = i + a_shape.size();  // index into a_shape shifted by rank
    if (ia >= rank) {
      const int32_t d = a_shape[ia - rank];
      sa[i] = d == 1 ? 0 : stride_a;
      stride_a *= d;
    }
    const size_t ib = i + b_shape.size();
    if (ib >= rank) {
      const int32_t d = b_shape[ib - rank];
      sb[i] = d == 1 ? 0 : stride_b;
      stride_b *= d;
    }
  }
  Plan plan;
  for (size_t i = 0; i < rank; ++i) {
    const int64_t d = out_shape[i];
    if (d == 1) continue;
    if (!plan.dims.empty()) {
      const int64_t prev = plan.dims.back();
      const size_t last = plan.dims.size() - 1;
      // The previous dim folds into this one when both inputs step through it "as if" contiguous.
      if (plan.a_strides[last] == sa[i] * d && plan.b_strides[last] == sb[i] * d) {
        plan.dims[last] = prev * d;
        plan.a_strides[last] = sa[i];
        plan.b_strides[last] = sb[i];
        continue;
      }
    }
    plan.dims.push_back(d);
    plan.a_strides.push_back(sa[i]);
    plan.b_strides.push_back(sb[i]);
  }
  if (plan.dims.empty()) {
    plan.dims.push_back(1);
    plan.a_strides.push_back(0);
    plan.b_strides.push_back(0);
  }
  return plan;
}

template <BinaryOp kOp>
void Execute(const Plan& plan, const float* a, const float* b, const ActivationParams& activation, float* out,
             ThreadPool* pool) {
  const size_t rank = plan.dims.size();
  const int64_t inner = plan.dims[rank - 1];
  int64_t outer = 1;
  for (size_t i = 0; i + 1 < rank; ++i) outer *= plan.dims[i];
  // Small outer counts with long rows split into row pieces instead.
  const int64_t pieces = outer >= 8 ? 1 : std::max<int64_t>(1, std::min<int64_t>(inner / 4096, 16));
  ParallelFor(pool, outer * pieces, [&](int64_t begin, int64_t end) {
    for (int64_t task = begin; task < end; ++task) {
      const int64_t row = task / pieces;
      const int64_t piece = task % pieces;
      int64_t offset_a = 0, offset_b = 0, rest = row;
      for (size_t i = rank - 1; i-- > 0;) {
        const int64_t coordinate = rest % plan.dims[i];
        rest /= plan.dims[i];
        offset_a += coordinate * plan.a_strides[i];
        offset_b += coordinate * plan.b_strides[i];
      }
      const int64_t first = inner * piece / pieces;
      const int64_t last = inner * (piece + 1) / pieces;
      const int64_t sa = plan.a_strides[rank - 1];
      const int64_t sb = plan.b_strides[rank - 1];
      float* dst = out + row * inner + first;
      Run<kOp>(a + offset_a + first * sa, sa, b + offset_b + first * sb, sb, dst, last - first);
      ApplyActivation(activation, dst, static_cast<size_t>(last - first));
    }
  });
}

}  // namespace

Status Binary(BinaryOp op, const Shape& a_shape, Span<const float> a, const Shape& b_shape, Span<const float> b,
              const ActivationParams& activation, Span<float> out, ThreadPool* pool) {
  Shape out_shape;
  PRUNELAB_RETURN_IF_ERROR(BroadcastShapes(a_shape, b_shape, "binary op", &out_shape));
  int64_t na = 0, nb = 0, nout = 0;
  PRUNELAB_RETURN_IF_ERROR(CheckedElementCount(a_shape, "binary op input", &na));
  PRUNELAB_RETURN_IF_ERROR(CheckedElementCount(b_shape, "binary op input", &nb));
  PRUNELAB_RETURN_IF_ERROR(CheckedElementCount(out_shape, "binary op output", &nout));
  if (static_cast<int64_t>(a.size()) != na || static_cast<int64_t>(b.size()) != nb ||
      static_cast<int64_t>(out.size()) != nout) {
    return BadArgument("binary op: buffer sizes do not match shapes " + ShapeString(a_shape) + " and " +
                       ShapeString(b_shape));
  }
  PRUNELAB_RETURN_IF_ERROR(CheckActivationSupported(activation.type, "binary op"));
  if (nout == 0) return Status::Ok();
  const Plan plan = MakePlan(a_shape, b_shape, out_shape);
  switch (op) {
    case BinaryOp::kAdd: Execute<BinaryOp::kAdd>(plan, a.data(), b.data(), activation, out.data(), pool); break;
    case BinaryOp::kSub: Execute<BinaryOp::kSub>(plan, a.data(), b.data(), activation, out.data(), pool); break;
    case BinaryOp::kMul: Execute<BinaryOp::kMul>(plan, a.data(), b.data(), activation, out.data(), pool); break;
    case BinaryOp::kDiv: Execute<BinaryOp::kDiv>(plan, a.data(), b.data(), activation, out.data(), pool); break;
    case BinaryOp::kMaximum: Execute<BinaryOp::kMaximum>(plan, a.data(), b.data(), activation, out.data(), pool); break;
    case BinaryOp::kMinimum: Execute<BinaryOp::kMinimum>(plan, a.data(), b.data(), activation, out.data(), pool); break;
    case BinaryOp::kSquaredDifference:
      Execute<BinaryOp::kSquaredDifference>(plan, a.data(), b.data(), activation, out.data(), pool);
      break;
  }
  return Status::Ok();
}

}  // namespace kernels
}  // namespace engine
}  // namespace prunelab
