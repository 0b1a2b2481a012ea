// The three pruners behind PruneModel (internal). Each checks everything first, then changes the
// graph, and fills the per-layer entries of `layers` (parallel to the weight layers) with what
// it did. Metrics before/after are added by PruneModel.
#pragma once

#include <vector>

#include "common/status.h"
#include "graph/graph.h"
#include "prune/layers.h"
#include "prune/plan.h"
#include "prune/pruner.h"
#include "prune/report.h"

namespace prunelab {
namespace prune {

struct PruneContext {
  const graph::Model* model = nullptr;  // the model as it is before this run (for the engine)
  graph::Graph* graph = nullptr;
  const std::vector<WeightLayer>* layers = nullptr;
  const std::vector<bool>* chosen = nullptr;
  const PrunePlan* plan = nullptr;
  const PruneInputs* inputs = nullptr;
  // Masking pruners set entry i to the zero count of layer i's weight after pruning (left -1
  // for layers they did not rewrite), so the report needs no second pass over the weights.
  std::vector<int64_t>* weight_zeros_after = nullptr;
};

Status PruneUnstructured(const PruneContext& context, PruneReport* report);
Status PruneNM(const PruneContext& context, PruneReport* report);
Status PruneStructured(const PruneContext& context, PruneReport* report);

// Per-weight scores of a layer for the taylor and random criteria (magnitude needs none).
// UNSUPPORTED for taylor without a gradient for the layer's weight.
Status WeightScores(const PruneContext& context, size_t layer_index, std::vector<float>* scores);

}  // namespace prune
}  // namespace prunelab
