// Activation statistics for the activation criteria: runs the engine on calibration samples and
// accumulates, per observed tensor, mean |a| and the share of zeros per channel.
#pragma once

#include <cstdint>
#include <vector>

#include "common/span.h"
#include "common/status.h"
#include "graph/model.h"
#include "prune/importance/importance.h"

namespace prunelab {
namespace prune {

// `samples`: whole samples of the (single) graph input's element count, back to back, in the
// layout the graph takes (NHWC). BAD_ARGUMENT when empty or not a whole number of samples.
// `stats[i]` receives the statistics of `tensors[i]` (channel-last activations).
Status GatherActivationStats(const graph::Model& model, Span<const float> samples,
                             const std::vector<uint32_t>& tensors, std::vector<ActivationStats>* stats);

}  // namespace prune
}  // namespace prunelab
