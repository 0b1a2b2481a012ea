#include "prune/calibration.h"

namespace prunelab {
namespace prune {

// Until the engine's executor lands in this tree, activation criteria report that plainly.
Status GatherActivationStats(const graph::Model& model, Span<const float> samples,
                             const std::vector<uint32_t>& tensors, std::vector<ActivationStats>* stats) {
  (void)model;
  (void)tensors;
  stats->clear();
  if (samples.empty()) return BadArgument("activation criteria need calibration samples");
  return Unsupported("activation criteria need the engine's executor, which this build does not have yet");
}

}  // namespace prune
}  // namespace prunelab
