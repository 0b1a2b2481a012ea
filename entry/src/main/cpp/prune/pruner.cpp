#include "prune/pruner.h"

#include "prune/layer_metrics.h"
#include "prune/layers.h"
#include "prune/pruners.h"

namespace prunelab {
namespace prune {
namespace {

void FillLayer(const graph::Graph& g, const WeightLayer& layer, const NodeCost& cost, bool after, LayerReport* entry) {
  const auto& wd = g.tensors[layer.weight].dims;
  const int64_t out_channels = static_cast<size_t>(layer.out_axis) < wd.size() ? wd[static_cast<size_t>(layer.out_axis)] : 0;
  const int64_t in_channels = static_cast<size_t>(layer.in_axis) < wd.size() ? wd[static_cast<size_t>(layer.in_axis)] : 0;
  if (after) {
    entry->params_after = cost.params;
    entry->nonzeros_after = cost.nonzeros;
    entry->macs_after = cost.macs;
    entry->out_channels_after = out_channels;
    entry->in_channels_after = in_channels;
  } else {
    entry->params_before = cost.params;
    entry->nonzeros_before = cost.nonzeros;
    entry->macs_before = cost.macs;
    entry->out_channels_before = out_channels;
    entry->in_channels_before = in_channels;
  }
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
  out.layers.resize(layers.size());
  for (size_t i = 0; i < layers.size(); ++i) {
    out.layers[i].name = layers[i].name;
    out.layers[i].op = g.nodes[layers[i].node].OpName();
    out.layers[i].weight = g.tensors[layers[i].weight].name;
    out.layers[i].chosen = chosen[i];
  }

  PruneContext context;
  context.model = model;
  context.graph = &g;
  context.layers = &layers;
  context.chosen = &chosen;
  context.plan = &plan;
  context.inputs = &inputs;
  ModelCost cost;
  if (plan.method == Method::kStructured) {
    // Shapes change: measure before and after.
    MeasureModel(g, nullptr, &cost);
    out.before = cost.totals;
    for (size_t i = 0; i < layers.size(); ++i) FillLayer(g, layers[i], cost.per_node[layers[i].node], false, &out.layers[i]);
    PRUNELAB_RETURN_IF_ERROR(PruneStructured(context, &out));
    MeasureModel(g, nullptr, &cost);
    out.after = cost.totals;
    for (size_t i = 0; i < layers.size(); ++i) FillLayer(g, layers[i], cost.per_node[layers[i].node], true, &out.layers[i]);
    for (size_t i = 0; i < layers.size(); ++i) {
      if (!chosen[i]) continue;
      out.prunable_weights += out.layers[i].params_after;
      out.prunable_zeros_after += out.layers[i].params_after - out.layers[i].nonzeros_after;
    }
  } else {
    // Masking changes no shape, and the pruner counts the zeros of every weight it rewrites
    // while it rewrites it: measure once afterwards with those counts, and the numbers before
    // are the ones after plus exactly what was zeroed.
    std::vector<int64_t> weight_zeros(layers.size(), -1);
    context.weight_zeros_after = &weight_zeros;
    PRUNELAB_RETURN_IF_ERROR(plan.method == Method::kNM ? PruneNM(context, &out) : PruneUnstructured(context, &out));
    std::vector<int64_t> known(g.tensors.size(), -1);
    for (size_t i = 0; i < layers.size(); ++i) {
      if (weight_zeros[i] >= 0) known[layers[i].weight] = g.tensors[layers[i].weight].ElementCount() - weight_zeros[i];
    }
    MeasureModel(g, &known, &cost);
    out.after = cost.totals;
    out.before = cost.totals;
    for (size_t i = 0; i < layers.size(); ++i) {
      FillLayer(g, layers[i], cost.per_node[layers[i].node], true, &out.layers[i]);
      FillLayer(g, layers[i], cost.per_node[layers[i].node], false, &out.layers[i]);
      out.layers[i].nonzeros_before += out.layers[i].zeroed;
      out.before.nonzeros += out.layers[i].zeroed;
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
