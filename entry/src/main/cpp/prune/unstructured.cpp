// Unstructured pruning: zero single weights of the chosen layers in place, exactly the number a
// target sparsity asks for (globally or per layer) or everything below a threshold. Biases and
// every other tensor stay untouched.
#include <cstring>

#include "prune/pruners.h"
#include "prune/selection.h"

namespace prunelab {
namespace prune {
namespace {

// Zeroes what the cut selects in a weight tensor ranked by |w|; returns how many were non-zero.
// A vectorisable pass zeroes everything strictly below the cut key; a short second pass takes the
// ties in order (only the layer holding the k-th weight has any).
int64_t ApplyMagnitudeCut(Span<float> w, Cut* cut) {
  const uint32_t cut_key = cut->key;
  const uint32_t zero_key = MagnitudeKey(0.0f);
  int64_t newly_zero = 0;
  if (cut_key <= zero_key) {
    // The cut sits at zero or NaN: keys change meaning as values are zeroed, so go one by one.
    for (float& v : w) {
      if (cut->Take(MagnitudeKey(v))) {
        newly_zero += v != 0.0f ? 1 : 0;
        v = 0.0f;
      }
    }
    return newly_zero;
  }
  uint64_t equal = 0;
  float* p = w.data();
  const size_t n = w.size();
  for (size_t i = 0; i < n; ++i) {
    uint32_t bits = 0;
    std::memcpy(&bits, &p[i], sizeof bits);
    const uint32_t abs_bits = bits & 0x7fffffffu;
    const uint32_t key = abs_bits > 0x7f800000u ? 0u : (abs_bits | 0x80000000u);
    const bool below = key < cut_key;
    newly_zero += (below && abs_bits != 0) ? 1 : 0;
    equal += key == cut_key ? 1 : 0;
    p[i] = below ? 0.0f : p[i];
  }
  if (cut->ties > 0 && equal > 0) {
    for (size_t i = 0; i < n && cut->ties > 0; ++i) {
      if (MagnitudeKey(p[i]) == cut_key) {
        newly_zero += p[i] != 0.0f ? 1 : 0;
        p[i] = 0.0f;
        --cut->ties;
      }
    }
  }
  return newly_zero;
}

int64_t ApplyScoreCut(Span<float> w, Span<const float> scores, Cut* cut) {
  int64_t newly_zero = 0;
  for (size_t i = 0; i < w.size(); ++i) {
    if (cut->Take(ScoreKey(scores[i]))) {
      newly_zero += w[i] != 0.0f ? 1 : 0;
      w[i] = 0.0f;
    }
  }
  return newly_zero;
}

}  // namespace

Status PruneUnstructured(const PruneContext& context, PruneReport* report) {
  const auto& layers = *context.layers;
  const auto& chosen = *context.chosen;
  const PrunePlan& plan = *context.plan;
  graph::Graph& g = *context.graph;
  std::vector<size_t> picked;
  for (size_t i = 0; i < layers.size(); ++i) {
    if (!chosen[i]) continue;
    if (layers[i].quantized) {
      return Unsupported("layer '" + layers[i].name + "' has quantized or non-float32 weights ('" +
                         g.tensors[layers[i].weight].name +
                         "'); the project cannot prune those yet: exclude the layer");
    }
    picked.push_back(i);
  }
  // Scores first (taylor may fail): nothing is changed before every check has passed.
  const bool by_magnitude = plan.criterion == Criterion::kMagnitude;
  const KeyKind kind = by_magnitude ? KeyKind::kMagnitude : KeyKind::kScore;
  std::vector<std::vector<float>> scores(picked.size());
  std::vector<Span<const float>> segments;
  for (size_t j = 0; j < picked.size(); ++j) {
    if (by_magnitude) {
      segments.push_back(g.tensors[layers[picked[j]].weight].Floats());
    } else {
      PRUNELAB_RETURN_IF_ERROR(WeightScores(context, picked[j], &scores[j]));
      segments.emplace_back(scores[j].data(), scores[j].size());
    }
    report->prunable_weights += static_cast<int64_t>(segments.back().size());
  }
  std::vector<Cut> cuts(picked.size());
  if (plan.has_threshold) {
    for (auto& cut : cuts) cut = ThresholdCut(plan.threshold);
  } else if (plan.scope == Scope::kGlobal) {
    Cut cut;
    PRUNELAB_RETURN_IF_ERROR(FindCut(segments, kind, TargetCount(plan.sparsity, report->prunable_weights), &cut));
    for (auto& c : cuts) c = cut;  // one ranking: ties carry across layers below
  } else {
    for (size_t j = 0; j < picked.size(); ++j) {
      PRUNELAB_RETURN_IF_ERROR(FindCut({segments[j]}, kind, TargetCount(plan.sparsity, segments[j].size()), &cuts[j]));
    }
  }
  Cut shared = cuts.empty() ? Cut{} : cuts[0];
  for (size_t j = 0; j < picked.size(); ++j) {
    Cut* cut = (!plan.has_threshold && plan.scope == Scope::kGlobal) ? &shared : &cuts[j];
    Span<float> w = g.tensors[layers[picked[j]].weight].MutableFloats();
    LayerReport& entry = report->layers[picked[j]];
    entry.zeroed = by_magnitude ? ApplyMagnitudeCut(w, cut) : ApplyScoreCut(w, segments[j], cut);
    for (float v : w) report->prunable_zeros_after += v == 0.0f ? 1 : 0;
  }
  return Status::Ok();
}

}  // namespace prune
}  // namespace prunelab
