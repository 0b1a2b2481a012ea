// Activation criteria: mean |a| per channel and APoZ (Hu et al. 2016, "Network Trimming").
#include <cmath>

#include "prune/importance/importance.h"

namespace prunelab {
namespace prune {

ActivationStats::ActivationStats(int64_t channels)
    : sum_abs_(static_cast<size_t>(channels > 0 ? channels : 0), 0.0),
      zeros_(static_cast<size_t>(channels > 0 ? channels : 0), 0) {}

Status ActivationStats::Add(Span<const float> data) {
  const size_t c = sum_abs_.size();
  if (c == 0) return BadArgument("activation statistics need at least one channel");
  if (data.size() % c != 0) {
    return BadArgument("an activation of " + std::to_string(data.size()) + " values is not a whole number of " +
                       std::to_string(c) + "-channel positions");
  }
  const size_t positions = data.size() / c;
  for (size_t p = 0; p < positions; ++p) {
    const float* row = data.data() + p * c;
    for (size_t j = 0; j < c; ++j) {
      const float v = row[j];
      if (std::isnan(v)) continue;  // a NaN activation says nothing about the channel
      sum_abs_[j] += std::fabs(static_cast<double>(v));
      zeros_[j] += v == 0.0f ? 1 : 0;
    }
  }
  count_ += positions;
  return Status::Ok();
}

std::vector<double> ActivationStats::MeanAbs() const {
  std::vector<double> out(sum_abs_.size(), 0.0);
  if (count_ == 0) return out;
  for (size_t j = 0; j < out.size(); ++j) out[j] = sum_abs_[j] / static_cast<double>(count_);
  return out;
}

std::vector<double> ActivationStats::Apoz() const {
  std::vector<double> out(zeros_.size(), 0.0);
  if (count_ == 0) return out;
  for (size_t j = 0; j < out.size(); ++j) out[j] = static_cast<double>(zeros_[j]) / static_cast<double>(count_);
  return out;
}

std::vector<double> ActivationStats::ApozImportance() const {
  std::vector<double> out = Apoz();
  for (double& v : out) v = 1.0 - v;
  return out;
}

}  // namespace prune
}  // namespace prunelab
