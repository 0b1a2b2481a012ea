// Structured pruning: removes whole output channels of the chosen layers together with every
// tensor slice coupled to them (see dependency_graph.h), so the result is a smaller, valid graph.
// Order: analysis, scores, selection and the new tensor data are all computed first; only then is
// the graph changed, so any error leaves it untouched.
#include <algorithm>
#include <cmath>
#include <cstring>
#include <map>
#include <set>

#include "prune/calibration.h"
#include "prune/dependency_graph.h"
#include "prune/importance/importance.h"
#include "prune/pruners.h"
#include "prune/selection.h"
#include "prune/tensor_surgery.h"

namespace prunelab {
namespace prune {
namespace {

int OutAxisOf(const graph::Node& node) {
  if (node.op_type == graph::op::kMatMulFusion) return node.Int("transpose_b", 0) != 0 ? 0 : 1;
  return 0;
}

// Channels kept: at least one (or round_to), a multiple of round_to, never more than there are.
int64_t RoundKeep(int64_t keep, int64_t channels, int64_t round_to) {
  if (round_to > 1) {
    keep = (keep + round_to - 1) / round_to * round_to;
    keep = std::max(keep, round_to);
  }
  keep = std::max<int64_t>(keep, 1);
  return std::min(keep, channels);
}

Status ChannelScores(const PruneContext& context, const ChannelGroup& group,
                     const std::map<uint32_t, const ActivationStats*>& activations, std::vector<float>* scores) {
  const graph::Graph& g = *context.graph;
  const PrunePlan& plan = *context.plan;
  const size_t c = static_cast<size_t>(group.channels);
  std::vector<double> acc(c, 0.0);
  switch (plan.criterion) {
    case Criterion::kL1:
    case Criterion::kL2: {
      const int p = plan.criterion == Criterion::kL1 ? 1 : 2;
      for (uint32_t root : group.roots) {
        const graph::Node& node = g.nodes[root];
        const graph::Tensor& w = g.tensors[node.inputs[1]];
        PRUNELAB_RETURN_IF_ERROR(AccumulateLpNorm(w.Floats(), w.dims, OutAxisOf(node), p, Span<double>(acc.data(), c)));
      }
      FinishLpNorm(p, Span<double>(acc.data(), c));
      break;
    }
    case Criterion::kRandom: {
      std::vector<float> r(c);
      RandomScores(plan.seed * 0x100000001b3ull + static_cast<uint64_t>(group.id) + 1, Span<float>(r.data(), c));
      scores->assign(r.begin(), r.end());
      return Status::Ok();
    }
    case Criterion::kActivationMean:
    case Criterion::kApoz: {
      auto it = activations.find(static_cast<uint32_t>(group.observed_tensor));
      if (it == activations.end() || it->second->channels() != group.channels) {
        return Internal("activation statistics are missing for a channel group");
      }
      acc = plan.criterion == Criterion::kApoz ? it->second->ApozImportance() : it->second->MeanAbs();
      break;
    }
    case Criterion::kTaylor: {
      // Removing filter c changes the loss by about sum over the filter of w * dL/dw.
      for (uint32_t root : group.roots) {
        const graph::Node& node = g.nodes[root];
        const graph::Tensor& w = g.tensors[node.inputs[1]];
        const WeightGradient* grad = nullptr;
        for (const auto& gr : context.inputs->gradients) {
          if (gr.tensor == w.name) grad = &gr;
        }
        if (grad == nullptr) {
          return Unsupported("criterion taylor needs the loss gradient of '" + w.name + "' (layer " + node.name +
                             "); the project has no backward pass yet: use l1, l2, activation, apoz or random");
        }
        const Span<const float> wv = w.Floats();
        if (grad->gradient.size() != wv.size()) return BadArgument("the gradient of '" + w.name + "' has the wrong size");
        AxisLayout layout;
        PRUNELAB_RETURN_IF_ERROR(LayoutAlong(w.dims, OutAxisOf(node), wv.size(), &layout));
        std::vector<double> sum(c, 0.0);
        for (int64_t o = 0; o < layout.outer; ++o) {
          for (int64_t ch = 0; ch < layout.channels; ++ch) {
            const int64_t base = (o * layout.channels + ch) * layout.inner;
            for (int64_t i = 0; i < layout.inner; ++i) {
              sum[static_cast<size_t>(ch)] += static_cast<double>(wv[static_cast<size_t>(base + i)]) *
                                              grad->gradient[static_cast<size_t>(base + i)];
            }
          }
        }
        for (size_t ch = 0; ch < c; ++ch) acc[ch] += std::fabs(sum[ch]);
      }
      NormalizeL2(Span<double>(acc.data(), c));
      break;
    }
    case Criterion::kMagnitude:
      return BadArgument("criterion magnitude scores single weights; structured pruning ranks channels");
  }
  scores->resize(c);
  for (size_t i = 0; i < c; ++i) (*scores)[i] = static_cast<float>(acc[i]);
  return Status::Ok();
}

}  // namespace

Status PruneStructured(const PruneContext& context, PruneReport* report) {
  graph::Graph& g = *context.graph;
  const PrunePlan& plan = *context.plan;
  const auto& layers = *context.layers;
  if (g.IsTrainingGraph()) {
    return Unsupported("structured pruning of a training graph is not supported: the optimizer state and gradient "
                       "ops would have to shrink too. Prune the inference model, or use unstructured pruning");
  }
  if (g.HasQuantizedWeights()) {
    return Unsupported("the model has quantized weights; structured pruning needs float32 weights");
  }
  std::vector<std::vector<int32_t>> dims;
  PRUNELAB_RETURN_IF_ERROR(KnownDims(g, &dims));
  DependencyGraph dep;
  PRUNELAB_RETURN_IF_ERROR(DependencyGraph::Build(g, dims, &dep));

  std::map<uint32_t, size_t> layer_of_node;
  for (size_t i = 0; i < layers.size(); ++i) layer_of_node[layers[i].node] = i;

  // Which groups this run prunes: prunable, and every root a chosen layer.
  const auto& groups = dep.groups();
  std::vector<bool> active(groups.size(), false);
  for (const auto& group : groups) {
    GroupReport entry;
    entry.id = group.id;
    entry.channels = group.channels;
    entry.prunable = group.prunable;
    entry.reason = group.reason;
    for (uint32_t r : group.roots) entry.roots.push_back(g.nodes[r].name);
    for (uint32_t m : group.members) entry.members.push_back(g.nodes[m].name);
    bool all_chosen = !group.roots.empty();
    bool any_chosen = false;
    for (uint32_t r : group.roots) {
      auto it = layer_of_node.find(r);
      const bool chosen = it != layer_of_node.end() && (*context.chosen)[it->second];
      all_chosen = all_chosen && chosen;
      any_chosen = any_chosen || chosen;
    }
    if (group.prunable && all_chosen && group.channels > 1) {
      active[static_cast<size_t>(group.id)] = true;
      report->prunable_channels += group.channels;
    } else if (any_chosen) {
      std::string why = !group.prunable ? "not prunable: " + group.reason
                        : !all_chosen   ? "its channels are shared with a layer that is not chosen"
                                        : "it has a single channel";
      for (uint32_t r : group.roots) {
        auto it = layer_of_node.find(r);
        if (it != layer_of_node.end() && (*context.chosen)[it->second] && report->layers[it->second].note.empty()) {
          report->layers[it->second].note = "left whole: " + why;
        }
      }
    }
    report->groups.push_back(std::move(entry));
  }

  // Activation statistics when the criterion needs them (one engine pass over the samples).
  std::vector<ActivationStats> stats;
  std::map<uint32_t, const ActivationStats*> by_tensor;
  if (NeedsActivations(plan.criterion)) {
    if (context.inputs->samples.empty()) {
      return BadArgument(std::string("criterion ") + CriterionName(plan.criterion) +
                         " needs calibration samples (give a dataset: --data, or samples in the plan)");
    }
    std::vector<uint32_t> observed;
    for (const auto& group : groups) {
      if (active[static_cast<size_t>(group.id)] && group.observed_tensor >= 0) {
        const uint32_t t = static_cast<uint32_t>(group.observed_tensor);
        if (std::find(observed.begin(), observed.end(), t) == observed.end()) observed.push_back(t);
      }
    }
    if (!observed.empty()) {
      PRUNELAB_RETURN_IF_ERROR(GatherActivationStats(*context.model, context.inputs->samples, observed, &stats));
      for (size_t i = 0; i < observed.size(); ++i) by_tensor[observed[i]] = &stats[i];
    }
  }

  // Scores, then how many channels each group loses.
  std::vector<std::vector<float>> scores(groups.size());
  std::vector<size_t> active_ids;
  for (const auto& group : groups) {
    if (!active[static_cast<size_t>(group.id)]) continue;
    PRUNELAB_RETURN_IF_ERROR(ChannelScores(context, group, by_tensor, &scores[static_cast<size_t>(group.id)]));
    active_ids.push_back(static_cast<size_t>(group.id));
  }
  // Raw norms and activation means grow with a layer's fan-in and scale, so one global ranking
  // would empty the small layers first: rank each group's scores relative to its mean instead
  // (Torch-Pruning's default normaliser). APoZ, Taylor and random are already comparable.
  const bool normalise = plan.scope == Scope::kGlobal && !plan.has_threshold &&
                         (plan.criterion == Criterion::kL1 || plan.criterion == Criterion::kL2 ||
                          plan.criterion == Criterion::kActivationMean);
  if (normalise) {
    for (size_t id : active_ids) {
      double sum = 0.0;
      for (float v : scores[id]) sum += v;
      const double mean = scores[id].empty() ? 0.0 : sum / static_cast<double>(scores[id].size());
      if (mean > 0.0 && std::isfinite(mean)) {
        for (float& v : scores[id]) v = static_cast<float>(v / mean);
      }
    }
    report->notes.push_back("global ranking: each group's scores are divided by the group's mean");
  }
  std::vector<int64_t> remove_count(groups.size(), 0);
  if (plan.has_threshold) {
    const Cut cut = ThresholdCut(plan.threshold);
    for (size_t id : active_ids) {
      remove_count[id] = static_cast<int64_t>(
          CountBelow(Span<const float>(scores[id].data(), scores[id].size()), KeyKind::kScore, cut.key));
    }
  } else if (plan.scope == Scope::kGlobal) {
    std::vector<Span<const float>> segments;
    for (size_t id : active_ids) segments.emplace_back(scores[id].data(), scores[id].size());
    Cut cut;
    PRUNELAB_RETURN_IF_ERROR(FindCut(segments, KeyKind::kScore,
                                     TargetCount(plan.sparsity, static_cast<uint64_t>(report->prunable_channels)), &cut));
    std::vector<uint8_t> selected;
    for (size_t j = 0; j < active_ids.size(); ++j) {
      ApplyCut(segments[j], KeyKind::kScore, &cut, &selected);
      for (uint8_t s : selected) remove_count[active_ids[j]] += s;
    }
  } else {
    for (size_t id : active_ids) {
      remove_count[id] = static_cast<int64_t>(TargetCount(plan.sparsity, static_cast<uint64_t>(groups[id].channels)));
    }
  }

  // The channels each group loses: its lowest scores (ties: lower index first).
  std::vector<std::vector<int64_t>> removed(groups.size());
  for (size_t id : active_ids) {
    const int64_t c = groups[id].channels;
    const int64_t keep = RoundKeep(c - remove_count[id], c, plan.round_to);
    const int64_t k = c - keep;
    if (k <= 0) continue;
    Cut cut;
    const Span<const float> view(scores[id].data(), scores[id].size());
    PRUNELAB_RETURN_IF_ERROR(FindCut({view}, KeyKind::kScore, static_cast<uint64_t>(k), &cut));
    std::vector<uint8_t> selected;
    ApplyCut(view, KeyKind::kScore, &cut, &selected);
    for (int64_t ch = 0; ch < c; ++ch) {
      if (selected[static_cast<size_t>(ch)]) removed[id].push_back(ch);
    }
  }

  // Positions to cut, per tensor and axis; new data for every cut constant.
  std::map<uint32_t, std::map<int, std::set<int64_t>>> cuts;
  for (size_t id : active_ids) {
    if (removed[id].empty()) continue;
    std::vector<int64_t> positions;
    for (const auto& slice : groups[id].slices) {
      positions.clear();
      for (int64_t ch : removed[id]) ChannelPositions(slice.map, ch, &positions);
      cuts[slice.tensor][slice.axis].insert(positions.begin(), positions.end());
    }
  }
  struct NewData {
    uint32_t tensor;
    std::vector<int32_t> dims;
    std::vector<uint8_t> bytes;
  };
  std::vector<NewData> new_data;
  std::vector<std::pair<uint32_t, std::vector<int32_t>>> new_activation_dims;
  for (const auto& [t, per_axis] : cuts) {
    const graph::Tensor& tensor = g.tensors[t];
    if (tensor.HasData()) {
      NewData nd{t, {}, {}};
      PRUNELAB_RETURN_IF_ERROR(CutTensor(tensor, per_axis, &nd.dims, &nd.bytes));
      new_data.push_back(std::move(nd));
    } else {
      std::vector<int32_t> d = tensor.dims;
      for (const auto& [axis, indices] : per_axis) {
        if (axis < static_cast<int>(d.size()) && d[static_cast<size_t>(axis)] > 0) {
          d[static_cast<size_t>(axis)] -= static_cast<int32_t>(indices.size());
        }
      }
      new_activation_dims.push_back({t, std::move(d)});
    }
  }
  // Reshape shape constants that spell the cut extent out.
  std::vector<NewData> new_shapes;
  for (size_t id : active_ids) {
    if (removed[id].empty()) continue;
    for (const ShapeFix& fix : groups[id].shape_fixes) {
      const uint32_t out = g.nodes[fix.node].outputs[0];
      auto out_cut = cuts.find(out);
      if (out_cut == cuts.end() || !out_cut->second.count(fix.axis)) continue;
      const int64_t new_extent = dims[out][static_cast<size_t>(fix.axis)] -
                                 static_cast<int64_t>(out_cut->second.at(fix.axis).size());
      const graph::Tensor& shape = g.tensors[fix.shape_tensor];
      NewData nd{fix.shape_tensor, shape.dims, std::vector<uint8_t>(shape.data.bytes().begin(), shape.data.bytes().end())};
      const size_t esize = shape.dtype == graph::DataType::kInt64 ? 8 : 4;
      const size_t at = static_cast<size_t>(fix.axis) * esize;
      if (at + esize > nd.bytes.size()) return Internal("a reshape's shape constant is shorter than its rank");
      if (esize == 8) {
        std::memcpy(nd.bytes.data() + at, &new_extent, 8);
      } else {
        const int32_t v = static_cast<int32_t>(new_extent);
        std::memcpy(nd.bytes.data() + at, &v, 4);
      }
      new_shapes.push_back(std::move(nd));
    }
  }

  // Commit.
  for (auto& nd : new_data) {
    graph::Tensor& t = g.tensors[nd.tensor];
    t.dims = std::move(nd.dims);
    t.data.SetOwned(std::move(nd.bytes));
  }
  for (auto& nd : new_shapes) g.tensors[nd.tensor].data.SetOwned(std::move(nd.bytes));
  for (auto& [t, d] : new_activation_dims) g.tensors[t].dims = std::move(d);
  // Convolution attributes follow the new weight shapes (the runtime checks them).
  std::set<uint32_t> convs;
  for (size_t id : active_ids) {
    if (removed[id].empty()) continue;
    for (uint32_t n : groups[id].members) {
      if (g.nodes[n].op_type == graph::op::kConv2DFusion) convs.insert(n);
    }
  }
  for (uint32_t n : convs) {
    graph::Node& node = g.nodes[n];
    const auto& wd = g.tensors[node.inputs[1]].dims;
    const int64_t group = std::max<int64_t>(1, node.Int("group", 1));
    if (group > 1) {
      node.SetInt("group", wd[0]);
      node.SetInt("in_channel", wd[0]);
    } else {
      node.SetInt("in_channel", wd[3]);
    }
    node.SetInt("out_channel", wd[0]);
  }
  for (size_t id : active_ids) {
    report->groups[id].removed = removed[id];
    report->removed_channels += static_cast<int64_t>(removed[id].size());
    for (uint32_t r : groups[id].roots) {
      auto it = layer_of_node.find(r);
      if (it != layer_of_node.end()) report->layers[it->second].removed_channels = removed[id];
    }
  }
  return Status::Ok();
}

}  // namespace prune
}  // namespace prunelab
