// L1 / L2 norm of each output channel's filter (Li et al. 2017, "Pruning Filters for Efficient ConvNets").
#include <cmath>

#include "prune/importance/importance.h"

namespace prunelab {
namespace prune {

Status LayoutAlong(const std::vector<int32_t>& dims, int axis, size_t element_count, AxisLayout* layout) {
  if (axis < 0 || axis >= static_cast<int>(dims.size())) {
    return BadArgument("channel axis " + std::to_string(axis) + " is outside a tensor of rank " +
                       std::to_string(dims.size()));
  }
  AxisLayout out;
  for (int i = 0; i < static_cast<int>(dims.size()); ++i) {
    if (dims[i] < 0) return BadArgument("a weight tensor has a negative dim");
    if (i < axis) out.outer *= dims[i];
    if (i > axis) out.inner *= dims[i];
  }
  out.channels = dims[axis];
  if (static_cast<uint64_t>(out.outer) * static_cast<uint64_t>(out.channels) * static_cast<uint64_t>(out.inner) !=
      element_count) {
    return BadArgument("a weight tensor's data does not match its dims");
  }
  *layout = out;
  return Status::Ok();
}

Status AccumulateLpNorm(Span<const float> weights, const std::vector<int32_t>& dims, int axis, int p,
                        Span<double> accumulator) {
  if (p != 1 && p != 2) return BadArgument("only the L1 and L2 norms are supported");
  AxisLayout layout;
  PRUNELAB_RETURN_IF_ERROR(LayoutAlong(dims, axis, weights.size(), &layout));
  if (static_cast<size_t>(layout.channels) != accumulator.size()) {
    return BadArgument("the norm accumulator has " + std::to_string(accumulator.size()) + " channels, the tensor " +
                       std::to_string(layout.channels));
  }
  const float* w = weights.data();
  for (int64_t o = 0; o < layout.outer; ++o) {
    for (int64_t c = 0; c < layout.channels; ++c) {
      const float* row = w + (o * layout.channels + c) * layout.inner;
      double sum = 0.0;
      if (p == 1) {
        for (int64_t i = 0; i < layout.inner; ++i) sum += std::fabs(static_cast<double>(row[i]));
      } else {
        for (int64_t i = 0; i < layout.inner; ++i) sum += static_cast<double>(row[i]) * row[i];
      }
      accumulator[static_cast<size_t>(c)] += sum;
    }
  }
  return Status::Ok();
}

void FinishLpNorm(int p, Span<double> accumulator) {
  if (p != 2) return;
  for (double& v : accumulator) v = std::sqrt(v);
}

void NormalizeL2(Span<double> scores) {
  double sum = 0.0;
  for (double v : scores) sum += v * v;
  if (!(sum > 0.0) || !std::isfinite(sum)) return;
  const double norm = std::sqrt(sum);
  for (double& v : scores) v /= norm;
}

}  // namespace prune
}  // namespace prunelab
