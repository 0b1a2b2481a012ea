#include "engine/reference/reduce_ref.h"

#include <cmath>
#include <limits>

namespace prunelab {
namespace engine {
namespace reference {

Status Reduce(kernels::ReduceMode mode, const Shape& in_shape, const std::vector<bool>& reduced, float scale,
              Span<const float> in, Span<float> out) {
  using kernels::ReduceMode;
  if (reduced.size() != in_shape.size()) return BadArgument("reference reduce: one flag per axis is needed");
  int64_t kept = 1, folded = 1;
  for (size_t i = 0; i < in_shape.size(); ++i) (reduced[i] ? folded : kept) *= in_shape[i];
  if (static_cast<int64_t>(in.size()) != ElementCount(in_shape) || static_cast<int64_t>(out.size()) != kept) {
    return BadArgument("reference reduce: buffer sizes do not match the shape");
  }
  const bool is_max = mode == ReduceMode::kMax;
  const bool is_min = mode == ReduceMode::kMin;
  const bool is_prod = mode == ReduceMode::kProd;
  if ((is_max || is_min) && folded == 0 && kept > 0) return BadArgument("reference reduce: max or min over an empty axis");
  const double init = is_max ? -std::numeric_limits<double>::infinity()
                             : is_min ? std::numeric_limits<double>::infinity() : is_prod ? 1.0 : 0.0;
  std::vector<double> acc(static_cast<size_t>(kept), init);
  for (size_t flat = 0; flat < in.size(); ++flat) {
    // Output index: the kept coordinates in order.
    int64_t rest = static_cast<int64_t>(flat), index = 0, weight = 1;
    for (size_t i = in_shape.size(); i-- > 0;) {
      const int64_t c = rest % in_shape[i];
      rest /= in_shape[i];
      if (!reduced[i]) {
        index += c * weight;
        weight *= in_shape[i];
      }
    }
    const double x = in[flat];
    double& a = acc[static_cast<size_t>(index)];
    switch (mode) {
      case ReduceMode::kMax: a = std::max(a, x); break;
      case ReduceMode::kMin: a = std::min(a, x); break;
      case ReduceMode::kProd: a *= x; break;
      case ReduceMode::kSumSquare:
      case ReduceMode::kL2: a += x * x; break;
      case ReduceMode::kASum: a += std::fabs(x); break;
      default: a += x; break;
    }
  }
  for (int64_t i = 0; i < kept; ++i) {
    double value = acc[static_cast<size_t>(i)];
    if (mode == ReduceMode::kMean) value /= static_cast<double>(folded);
    if (mode == ReduceMode::kL2) value = std::sqrt(value);
    out[static_cast<size_t>(i)] = static_cast<float>(value * scale);
  }
  return Status::Ok();
}

}  // namespace reference
}  // namespace engine
}  // namespace prunelab
