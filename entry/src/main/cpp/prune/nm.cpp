// Semi-structured N:M pruning: in every run of M consecutive weights along a layer's input
// dimension keep the N with the highest scores and zero the rest (2:4 is what sparse tensor
// cores accelerate). A layer whose input extent is not a multiple of M is left as it is, with a
// note, as NVIDIA's ASP does: a partial run would break the pattern.
#include <algorithm>
#include <numeric>

#include "prune/importance/importance.h"
#include "prune/pruners.h"
#include "prune/selection.h"

namespace prunelab {
namespace prune {

Status PruneNM(const PruneContext& context, PruneReport* report) {
  const auto& layers = *context.layers;
  const PrunePlan& plan = *context.plan;
  graph::Graph& g = *context.graph;
  const int64_t n = plan.n, m = plan.m;
  struct Work {
    size_t layer;
    AxisLayout layout;
    std::vector<float> scores;
  };
  std::vector<Work> work;
  for (size_t i = 0; i < layers.size(); ++i) {
    if (!(*context.chosen)[i]) continue;
    const WeightLayer& layer = layers[i];
    if (layer.quantized) {
      return Unsupported("layer '" + layer.name + "' has quantized or non-float32 weights; the project cannot "
                         "prune those yet: exclude the layer");
    }
    const graph::Tensor& weight = g.tensors[layer.weight];
    Work item{i, {}, {}};
    PRUNELAB_RETURN_IF_ERROR(LayoutAlong(weight.dims, layer.in_axis, weight.Floats().size(), &item.layout));
    if (item.layout.channels % m != 0) {
      report->layers[i].note = "input dimension " + std::to_string(item.layout.channels) + " is not a multiple of " +
                               std::to_string(m) + ": left dense";
      continue;
    }
    if (plan.criterion != Criterion::kMagnitude) PRUNELAB_RETURN_IF_ERROR(WeightScores(context, i, &item.scores));
    work.push_back(std::move(item));
  }
  std::vector<int64_t> order(static_cast<size_t>(m));
  std::vector<uint32_t> keys(static_cast<size_t>(m));
  for (Work& item : work) {
    Span<float> w = g.tensors[layers[item.layer].weight].MutableFloats();
    const AxisLayout& L = item.layout;
    int64_t zeroed = 0;
    for (int64_t o = 0; o < L.outer; ++o) {
      for (int64_t start = 0; start < L.channels; start += m) {
        for (int64_t i = 0; i < L.inner; ++i) {
          // Element j of this run sits at ((o * C) + start + j) * inner + i.
          const int64_t base = (o * L.channels + start) * L.inner + i;
          for (int64_t j = 0; j < m; ++j) {
            const size_t at = static_cast<size_t>(base + j * L.inner);
            keys[static_cast<size_t>(j)] = item.scores.empty() ? MagnitudeKey(w[at]) : ScoreKey(item.scores[at]);
            order[static_cast<size_t>(j)] = j;
          }
          // The M - N lowest (ties: lower index first) are zeroed.
          const int64_t drop = m - n;
          if (drop <= 0) continue;
          std::nth_element(order.begin(), order.begin() + (drop - 1), order.end(), [&](int64_t a, int64_t b) {
            const uint32_t ka = keys[static_cast<size_t>(a)], kb = keys[static_cast<size_t>(b)];
            return ka != kb ? ka < kb : a < b;
          });
          for (int64_t d = 0; d < drop; ++d) {
            const size_t at = static_cast<size_t>(base + order[static_cast<size_t>(d)] * L.inner);
            zeroed += w[at] != 0.0f ? 1 : 0;
            w[at] = 0.0f;
          }
        }
      }
    }
    report->layers[item.layer].zeroed = zeroed;
    report->prunable_weights += static_cast<int64_t>(w.size());
    int64_t zeros = 0;
    for (float v : w) zeros += v == 0.0f ? 1 : 0;
    report->prunable_zeros_after += zeros;
    if (context.weight_zeros_after != nullptr) (*context.weight_zeros_after)[item.layer] = zeros;
  }
  return Status::Ok();
}

}  // namespace prune
}  // namespace prunelab
