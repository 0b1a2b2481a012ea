#include "prune/pruner.h"

#include "graph/metrics.h"
#include "prune/dependency_graph.h"
#include "prune/layer_metrics.h"
#include "prune/layers.h"
#include "prune/pruners.h"

namespace prunelab {
namespace prune {
namespace {

// Totals and per-layer numbers as `inspect` counts them (graph/metrics.h), so a report can be
// checked against inspect; the weight layers' own count fills in where that has no entry.
void Measure(const graph::Graph& g, const std::vector<WeightLayer>& layers, PruneTotals* totals,
             std::vector<LayerMetrics>* per_layer) {
  std::vector<std::vector<int32_t>> dims;
  if (!KnownDims(g, &dims).ok()) {
    dims.clear();
    for (const auto& t : g.tensors) dims.push_back(t.dims);
  }
  per_layer->clear();
  graph::ModelMetrics metrics;
  const bool have_metrics = graph::ComputeMetrics(g, 0, &metrics).ok();
  for (const auto& layer : layers) per_layer->push_back(MeasureLayer(g, dims, layer, !have_metrics));
  if (have_metrics) {
    totals->params = metrics.params;
    totals->nonzeros = metrics.nonzeros;
    totals->macs = metrics.macs;
    std::vector<int32_t> entry_of_node(g.nodes.size(), -1);
    for (size_t j = 0; j < metrics.layers.size(); ++j) {
      if (metrics.layers[j].node < g.nodes.size()) entry_of_node[metrics.layers[j].node] = static_cast<int32_t>(j);
    }
    for (size_t i = 0; i < layers.size(); ++i) {
      const int32_t j = entry_of_node[layers[i].node];
      if (j < 0) {
        (*per_layer)[i] = MeasureLayer(g, dims, layers[i], true);
        continue;
      }
      const graph::LayerMetrics& lm = metrics.layers[static_cast<size_t>(j)];
      (*per_layer)[i].params = lm.params;
      (*per_layer)[i].nonzeros = lm.nonzeros;
      (*per_layer)[i].macs = lm.macs;
    }
    return;
  }
  *totals = MeasureTotals(g, dims, layers);
}

}  // namespace

Status PruneModel(graph::Model* model, const PrunePlan& plan, const PruneInputs& inputs, PruneReport* report) {
  if (model == nullptr || report == nullptr) return Internal("PruneModel needs a model and a report");
  PRUNELAB_RETURN_IF_ERROR(ValidatePlan(plan));
  graph::Graph& g = model->graph();
  PRUNELAB_RETURN_IF_ERROR(g.Validate());
  std::vector<WeightLayer> layers;
  PRUNELAB_RETURN_IF_ERROR(FindWeightLayers(g, &layers));
  std::vector<bool> chosen;
  PruneReport out;
  PRUNELAB_RETURN_IF_ERROR(ChooseLayers(layers, plan, &chosen, &out.notes));
  if (layers.empty()) out.notes.push_back("the model has no layer with a constant weight: nothing to prune");
  if (plan.method == Method::kStructured && g.IsTrainingGraph()) {
    return Unsupported("structured pruning of a training graph is not supported: the optimizer state and gradient "
                       "ops would have to shrink too. Prune the inference model, or use unstructured pruning");
  }

  out.method = MethodName(plan.method);
  out.criterion = CriterionName(plan.criterion);
  out.scope = ScopeName(plan.scope);
  out.has_sparsity = plan.has_sparsity;
  out.target_sparsity = plan.sparsity;
  out.has_threshold = plan.has_threshold;
  out.threshold = plan.threshold;
  if (plan.method == Method::kNM) {
    out.n = plan.n;
    out.m = plan.m;
  }
  std::vector<LayerMetrics> measured;
  Measure(g, layers, &out.before, &measured);
  out.layers.resize(layers.size());
  for (size_t i = 0; i < layers.size(); ++i) {
    LayerReport& entry = out.layers[i];
    const LayerMetrics& m = measured[i];
    entry.name = layers[i].name;
    entry.op = g.nodes[layers[i].node].OpName();
    entry.weight = g.tensors[layers[i].weight].name;
    entry.chosen = chosen[i];
    entry.params_before = m.params;
    entry.nonzeros_before = m.nonzeros;
    entry.macs_before = m.macs;
    entry.out_channels_before = m.out_channels;
    entry.in_channels_before = m.in_channels;
  }

  PruneContext context;
  context.model = model;
  context.graph = &g;
  context.layers = &layers;
  context.chosen = &chosen;
  context.plan = &plan;
  context.inputs = &inputs;
  switch (plan.method) {
    case Method::kUnstructured: PRUNELAB_RETURN_IF_ERROR(PruneUnstructured(context, &out)); break;
    case Method::kNM: PRUNELAB_RETURN_IF_ERROR(PruneNM(context, &out)); break;
    case Method::kStructured: PRUNELAB_RETURN_IF_ERROR(PruneStructured(context, &out)); break;
  }

  if (plan.method == Method::kStructured) {
    Measure(g, layers, &out.after, &measured);
    for (size_t i = 0; i < layers.size(); ++i) {
      LayerReport& entry = out.layers[i];
      const LayerMetrics& m = measured[i];
      entry.params_after = m.params;
      entry.nonzeros_after = m.nonzeros;
      entry.macs_after = m.macs;
      entry.out_channels_after = m.out_channels;
      entry.in_channels_after = m.in_channels;
    }
  } else {
    // Masking changes no shape: only non-zeros move, by exactly the weights each layer zeroed
    // (counted as they changed), so a second counting pass over every weight is not needed.
    out.after = out.before;
    for (auto& entry : out.layers) {
      entry.params_after = entry.params_before;
      entry.nonzeros_after = entry.nonzeros_before - entry.zeroed;
      entry.macs_after = entry.macs_before;
      entry.out_channels_after = entry.out_channels_before;
      entry.in_channels_after = entry.in_channels_before;
      out.after.nonzeros -= entry.zeroed;
    }
  }
  if (plan.method == Method::kStructured) {
    // Structured pruning: the share of the chosen layers' weights that is zero afterwards.
    for (size_t i = 0; i < layers.size(); ++i) {
      if (!chosen[i]) continue;
      out.prunable_weights += out.layers[i].params_after;
      out.prunable_zeros_after += out.layers[i].params_after - out.layers[i].nonzeros_after;
    }
  }
  out.achieved_sparsity = out.prunable_weights > 0
                              ? static_cast<double>(out.prunable_zeros_after) / static_cast<double>(out.prunable_weights)
                              : 0.0;
  *report = std::move(out);
  return Status::Ok();
}

}  // namespace prune
}  // namespace prunelab
