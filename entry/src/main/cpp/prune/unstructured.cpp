// Unstructured pruning: zero single weights of the chosen layers in place, exactly the number a
// target sparsity asks for (globally or per layer) or everything below a threshold. Biases and
// every other tensor stay untouched.
#include <algorithm>
#include <climits>
#include <cstdint>
#include <cstring>

#include "prune/mask_kernels.h"
#include "prune/pruners.h"
#include "prune/selection.h"

namespace prunelab {
namespace prune {
namespace {

// Zeroes what the cut selects in a weight tensor ranked by |w|; returns how many were non-zero.
// A vectorisable pass zeroes everything strictly below the cut key; a short second pass takes the
// ties in order (only the layer holding the k-th weight has any). `zeros_after` receives the
// tensor's zero count afterwards.
int64_t ApplyMagnitudeCut(Span<float> w, Cut* cut, int64_t* zeros_after) {
  const uint32_t cut_key = cut->key;
  const uint32_t zero_key = MagnitudeKey(0.0f);
  int64_t newly_zero = 0;
  if (cut_key <= zero_key) {
    // The cut sits at zero or NaN: keys change meaning as values are zeroed, so go one by one.
    int64_t zeros = 0;
    for (float& v : w) {
      if (cut->Take(MagnitudeKey(v))) {
        newly_zero += v != 0.0f ? 1 : 0;
        v = 0.0f;
      }
      zeros += v == 0.0f ? 1 : 0;
    }
    *zeros_after = zeros;
    return newly_zero;
  }
  uint64_t equal = 0;
  int64_t zeros = 0;
  float* p = w.data();
  const size_t n = w.size();
  for (size_t i = 0; i < n; ++i) {
    uint32_t bits = 0;
    std::memcpy(&bits, &p[i], sizeof bits);
    const uint32_t abs_bits = bits & 0x7fffffffu;
    const uint32_t key = abs_bits > 0x7f800000u ? 0u : (abs_bits | 0x80000000u);
    const uint32_t below = key < cut_key ? 1u : 0u;
    const uint32_t is_zero = abs_bits == 0 ? 1u : 0u;
    newly_zero += below & (is_zero ^ 1u);
    equal += key == cut_key ? 1 : 0;
    zeros += below | is_zero;
    bits &= below - 1u;
    std::memcpy(&p[i], &bits, sizeof bits);
  }
  if (cut->ties > 0 && equal > 0) {
    for (size_t i = 0; i < n && cut->ties > 0; ++i) {
      if (MagnitudeKey(p[i]) == cut_key) {
        // The cut key lies above zero's, so every tie is a non-zero weight.
        ++newly_zero;
        ++zeros;
        p[i] = 0.0f;
        --cut->ties;
      }
    }
  }
  *zeros_after = zeros;
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
  std::vector<bool> weight_seen(g.tensors.size(), false);
  for (size_t i = 0; i < layers.size(); ++i) {
    if (!chosen[i]) continue;
    if (weight_seen[layers[i].weight]) {
      report->layers[i].note = "shares its weight with an earlier layer, pruned there";
      continue;
    }
    weight_seen[layers[i].weight] = true;
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
  // Magnitude to an exact count: the fused two-pass path when the sample brackets the cut.
  if (by_magnitude && !plan.has_threshold) {
    std::vector<std::vector<size_t>> domains;  // segment indices ranked together
    if (plan.scope == Scope::kGlobal) {
      domains.emplace_back();
      for (size_t j = 0; j < picked.size(); ++j) domains.back().push_back(j);
    } else {
      for (size_t j = 0; j < picked.size(); ++j) domains.push_back({j});
    }
    std::vector<bool> done(picked.size(), false);
    for (const auto& domain : domains) {
      std::vector<Span<const float>> views;
      uint64_t count = 0;
      for (size_t j : domain) {
        views.push_back(segments[j]);
        count += segments[j].size();
      }
      const uint64_t k = TargetCount(plan.sparsity, count);
      Bracket bracket;
      if (!FindBracket(views, KeyKind::kMagnitude, k, &bracket)) continue;
      if (bracket.lo <= MagnitudeKey(0.0f)) continue;  // the cut is at zero: the general path handles it
      std::vector<InsideWeight> inside;
      inside.reserve(bracket.inside);
      std::vector<int64_t> newly(picked.size(), 0), zeros(picked.size(), 0);
      for (size_t j : domain) {
        ZeroCounts counts;
        ZeroBelowAndCollect(g.tensors[layers[picked[j]].weight].MutableFloats(), static_cast<uint32_t>(j), bracket,
                            &inside, &counts);
        newly[j] = counts.newly_zero;
        zeros[j] = counts.zeros;
      }
      if (inside.size() != bracket.inside) return Internal("unstructured pruning: the bracket count changed");
      std::vector<uint32_t> keys(inside.size());
      for (size_t i = 0; i < inside.size(); ++i) keys[i] = inside[i].key;
      Cut cut = CutInside(bracket, k, std::move(keys));
      std::vector<Span<float>> spans(picked.size());
      for (size_t j : domain) spans[j] = g.tensors[layers[picked[j]].weight].MutableFloats();
      // The inside weights lie far apart in memory, in ascending order: prefetch ahead.
      constexpr size_t kAhead = 16;
      for (size_t i = 0; i < inside.size(); ++i) {
        if (i + kAhead < inside.size()) {
          const InsideWeight& next = inside[i + kAhead];
          __builtin_prefetch(spans[next.segment].data() + next.index, 1);
        }
        const InsideWeight& item = inside[i];
        if (!cut.Take(item.key)) continue;
        float& v = spans[item.segment][item.index];
        newly[item.segment] += v != 0.0f ? 1 : 0;
        zeros[item.segment] += v != 0.0f ? 1 : 0;
        v = 0.0f;
      }
      for (size_t j : domain) {
        report->layers[picked[j]].zeroed = newly[j];
        report->prunable_zeros_after += zeros[j];
        if (context.weight_zeros_after != nullptr) (*context.weight_zeros_after)[picked[j]] = zeros[j];
        done[j] = true;
      }
    }
    // Small layers (and the rare missed bracket) take the general path below.
    std::vector<size_t> rest_picked;
    std::vector<Span<const float>> rest_segments;
    for (size_t j = 0; j < picked.size(); ++j) {
      if (done[j]) continue;
      rest_picked.push_back(picked[j]);
      rest_segments.push_back(segments[j]);
    }
    if (rest_picked.size() != picked.size()) {
      if (plan.scope == Scope::kGlobal && !rest_picked.empty()) return Internal("global pruning was split");
      picked = std::move(rest_picked);
      segments = std::move(rest_segments);
    }
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
    int64_t zeros_after = 0;
    if (by_magnitude) {
      entry.zeroed = ApplyMagnitudeCut(w, cut, &zeros_after);
    } else {
      entry.zeroed = ApplyScoreCut(w, segments[j], cut);
      for (float v : w) zeros_after += v == 0.0f ? 1 : 0;
    }
    report->prunable_zeros_after += zeros_after;
    if (context.weight_zeros_after != nullptr) (*context.weight_zeros_after)[picked[j]] = zeros_after;
  }
  return Status::Ok();
}

}  // namespace prune
}  // namespace prunelab
