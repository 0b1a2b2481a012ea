// First-order Taylor channel criterion (Molchanov et al. 2017, "Pruning CNNs for resource
// efficient inference"): per channel |mean over positions of a * dL/da|, averaged over batches,
// then L2-normalised per layer as the paper defines it.
#include <cmath>

#include "prune/importance/importance.h"

namespace prunelab {
namespace prune {

TaylorChannelStats::TaylorChannelStats(int64_t channels) : sum_(static_cast<size_t>(channels > 0 ? channels : 0), 0.0) {}

Status TaylorChannelStats::Add(Span<const float> activations, Span<const float> gradients) {
  const size_t c = sum_.size();
  if (c == 0) return BadArgument("taylor statistics need at least one channel");
  if (activations.size() != gradients.size()) return BadArgument("taylor: activations and gradients differ in size");
  if (activations.size() % c != 0 || activations.empty()) {
    return BadArgument("taylor: the activation is not a whole number of channel positions");
  }
  const size_t positions = activations.size() / c;
  std::vector<double> batch(c, 0.0);
  for (size_t p = 0; p < positions; ++p) {
    for (size_t j = 0; j < c; ++j) {
      batch[j] += static_cast<double>(activations[p * c + j]) * gradients[p * c + j];
    }
  }
  for (size_t j = 0; j < c; ++j) sum_[j] += std::fabs(batch[j] / static_cast<double>(positions));
  ++batches_;
  return Status::Ok();
}

std::vector<double> TaylorChannelStats::Scores() const {
  std::vector<double> out(sum_.size(), 0.0);
  if (batches_ == 0) return out;
  for (size_t j = 0; j < out.size(); ++j) out[j] = sum_[j] / static_cast<double>(batches_);
  NormalizeL2(Span<double>(out.data(), out.size()));
  return out;
}

}  // namespace prune
}  // namespace prunelab
