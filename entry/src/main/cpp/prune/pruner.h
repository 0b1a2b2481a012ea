// The pruning entry point: validates a plan against a model, scores, selects and prunes in
// place, and reports what changed. Every error a caller can cause (plan, layer names, data,
// training graphs, quantized weights, missing gradients) is found before the model is touched,
// so such a failed call leaves the model as it was; only an INTERNAL error (a bug) could come
// later.
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "common/span.h"
#include "common/status.h"
#include "graph/model.h"
#include "prune/plan.h"
#include "prune/report.h"

namespace prunelab {
namespace prune {

struct WeightGradient {
  std::string tensor;          // weight tensor name
  Span<const float> gradient;  // dL/dw, same element count as the weight
};

// Data some criteria need. Views: the caller keeps them alive during the call.
struct PruneInputs {
  // Calibration samples for the activation criteria: whole samples of the graph input's element
  // count (batch 1, NHWC as the graph takes them), back to back.
  Span<const float> samples;
  // Gradients for the Taylor criterion (the project has no backward pass yet; callers that
  // compute gradients elsewhere pass them here).
  std::vector<WeightGradient> gradients;
};

Status PruneModel(graph::Model* model, const PrunePlan& plan, const PruneInputs& inputs, PruneReport* report);

}  // namespace prune
}  // namespace prunelab
