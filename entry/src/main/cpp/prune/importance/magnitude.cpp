// Per-weight criteria: magnitude and the first-order Taylor weight score.
#include <cmath>

#include "prune/importance/importance.h"

namespace prunelab {
namespace prune {

Status MagnitudeScores(Span<const float> weights, Span<float> scores) {
  if (weights.size() != scores.size()) return BadArgument("magnitude: the score buffer does not match the weights");
  for (size_t i = 0; i < weights.size(); ++i) scores[i] = std::fabs(weights[i]);
  return Status::Ok();
}

Status TaylorWeightScores(Span<const float> weights, Span<const float> gradients, Span<float> scores) {
  if (weights.size() != gradients.size()) {
    return BadArgument("taylor: " + std::to_string(gradients.size()) + " gradients for " +
                       std::to_string(weights.size()) + " weights");
  }
  if (weights.size() != scores.size()) return BadArgument("taylor: the score buffer does not match the weights");
  for (size_t i = 0; i < weights.size(); ++i) scores[i] = std::fabs(weights[i] * gradients[i]);
  return Status::Ok();
}

}  // namespace prune
}  // namespace prunelab
