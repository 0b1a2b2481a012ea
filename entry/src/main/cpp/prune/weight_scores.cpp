// Score buffers for the per-weight criteria that are not the weight itself.
#include "prune/importance/importance.h"
#include "prune/pruners.h"

namespace prunelab {
namespace prune {

Status WeightScores(const PruneContext& context, size_t layer_index, std::vector<float>* scores) {
  const WeightLayer& layer = (*context.layers)[layer_index];
  const graph::Tensor& weight = context.graph->tensors[layer.weight];
  const Span<const float> w = weight.Floats();
  scores->assign(w.size(), 0.0f);
  switch (context.plan->criterion) {
    case Criterion::kRandom:
      // A different stream per layer, the same for the same seed.
      RandomScores(context.plan->seed * 0x100000001b3ull + layer_index + 1, Span<float>(scores->data(), scores->size()));
      return Status::Ok();
    case Criterion::kTaylor:
      for (const auto& g : context.inputs->gradients) {
        if (g.tensor == weight.name) {
          return TaylorWeightScores(w, g.gradient, Span<float>(scores->data(), scores->size()));
        }
      }
      return Unsupported("criterion taylor needs the loss gradient of every pruned weight, and none was given for '" +
                         weight.name + "' (layer " + layer.name +
                         "); the project has no backward pass yet: use magnitude or random");
    case Criterion::kMagnitude:
      return MagnitudeScores(w, Span<float>(scores->data(), scores->size()));
    default:
      return BadArgument(std::string("criterion ") + CriterionName(context.plan->criterion) +
                         " does not score single weights");
  }
}

}  // namespace prune
}  // namespace prunelab
