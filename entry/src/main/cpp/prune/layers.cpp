#include "prune/layers.h"

#include <algorithm>

namespace prunelab {
namespace prune {
namespace {

// The loss, gradient and optimizer nodes of a training graph (named as MindSpore names them).
bool IsTrainingPartName(const std::string& name) {
  return name.rfind("Gradients/", 0) == 0 || name.find("optimizer") != std::string::npos ||
         name.find("_loss_fn") != std::string::npos || name.find("loss_fct") != std::string::npos ||
         name.find("SigmoidCrossEntropy") != std::string::npos;
}

// Converters disagree on the role they give weights; having data is what makes a tensor constant.
bool IsConstant(const graph::Graph& g, uint32_t t) { return t < g.tensors.size() && g.tensors[t].HasData(); }

// Float32 elements readable in place (Floats() refuses misaligned or mis-sized data).
bool IsPlainFloat(const graph::Tensor& t) {
  return t.dtype == graph::DataType::kFloat32 && !t.IsQuantizedWeight() && t.ElementCount() >= 0 &&
         t.Floats().size() == static_cast<size_t>(t.ElementCount());
}

}  // namespace

Status FindWeightLayers(const graph::Graph& g, std::vector<WeightLayer>* layers) {
  layers->clear();
  std::vector<uint32_t> order;
  PRUNELAB_RETURN_IF_ERROR(g.TopologicalOrder(&order));
  for (uint32_t index : order) {
    const graph::Node& node = g.nodes[index];
    if (IsTrainingPartName(node.name)) continue;
    const bool conv = node.op_type == graph::op::kConv2DFusion;
    const bool fc = node.op_type == graph::op::kFullConnection;
    const bool matmul = node.op_type == graph::op::kMatMulFusion;
    if (!conv && !fc && !matmul) continue;
    if (node.inputs.size() < 2 || !IsConstant(g, node.inputs[1])) continue;
    const graph::Tensor& weight = g.tensors[node.inputs[1]];
    WeightLayer layer;
    layer.node = index;
    layer.name = node.name;
    layer.op_type = node.op_type;
    layer.weight = node.inputs[1];
    layer.quantized = !IsPlainFloat(weight);
    if (conv) {
      if (weight.dims.size() != 4) continue;  // not an OHWI convolution weight
      layer.out_axis = 0;
      layer.in_axis = 3;
      layer.group = std::max<int64_t>(1, node.Int("group", 1));
      const int64_t in_c = node.Int("in_channel", 0);
      layer.depthwise = layer.group > 1 && weight.dims[3] == 1 && layer.group == weight.dims[0] &&
                        (in_c == 0 || in_c == layer.group);
    } else if (fc) {
      if (weight.dims.size() != 2) continue;
      layer.out_axis = 0;
      layer.in_axis = 1;
    } else {
      if (weight.dims.size() != 2 || node.Int("transpose_a", 0) != 0) continue;
      const bool transpose_b = node.Int("transpose_b", 0) != 0;
      layer.out_axis = transpose_b ? 0 : 1;
      layer.in_axis = transpose_b ? 1 : 0;
    }
    if (node.inputs.size() >= 3 && IsConstant(g, node.inputs[2])) {
      const bool fc_without_bias = fc && node.HasField("has_bias") && node.Int("has_bias", 1) == 0;
      if (!fc_without_bias) layer.bias = static_cast<int32_t>(node.inputs[2]);
    }
    layers->push_back(std::move(layer));
  }
  return Status::Ok();
}

std::string LayerNameList(const std::vector<WeightLayer>& layers) {
  std::string out;
  const size_t shown = std::min<size_t>(layers.size(), 12);
  for (size_t i = 0; i < shown; ++i) out += (i ? ", " : "") + layers[i].name;
  if (layers.size() > shown) out += ", ... (" + std::to_string(layers.size()) + " in all)";
  return out.empty() ? "none" : out;
}

Status ChooseLayers(const std::vector<WeightLayer>& layers, const PrunePlan& plan, std::vector<bool>* chosen,
                    std::vector<std::string>* notes) {
  auto find = [&](const std::string& name) -> int {
    for (size_t i = 0; i < layers.size(); ++i) {
      if (layers[i].name == name) return static_cast<int>(i);
    }
    return -1;
  };
  std::vector<bool> explicitly_included(layers.size(), false);
  for (const auto& name : plan.include_layers) {
    const int i = find(name);
    if (i < 0) return BadArgument("unknown layer '" + name + "' (prunable layers: " + LayerNameList(layers) + ")");
    explicitly_included[static_cast<size_t>(i)] = true;
  }
  chosen->assign(layers.size(), plan.include_layers.empty());
  for (size_t i = 0; i < layers.size(); ++i) {
    if (explicitly_included[i]) (*chosen)[i] = true;
  }
  for (const auto& name : plan.exclude_layers) {
    const int i = find(name);
    if (i < 0) return BadArgument("unknown layer '" + name + "' (prunable layers: " + LayerNameList(layers) + ")");
    (*chosen)[static_cast<size_t>(i)] = false;
  }
  int first_conv = -1;
  for (size_t i = 0; i < layers.size(); ++i) {
    if (layers[i].op_type == graph::op::kConv2DFusion) {
      first_conv = static_cast<int>(i);
      break;
    }
  }
  const int last = layers.empty() ? -1 : static_cast<int>(layers.size()) - 1;
  if (plan.keep_first_conv && first_conv >= 0 && !explicitly_included[static_cast<size_t>(first_conv)] &&
      (*chosen)[static_cast<size_t>(first_conv)]) {
    (*chosen)[static_cast<size_t>(first_conv)] = false;
    notes->push_back("kept the first convolution '" + layers[static_cast<size_t>(first_conv)].name +
                     "' (default; include it by name to prune it)");
  }
  if (plan.keep_last_classifier && last >= 0 && last != first_conv && !explicitly_included[static_cast<size_t>(last)] &&
      (*chosen)[static_cast<size_t>(last)]) {
    (*chosen)[static_cast<size_t>(last)] = false;
    notes->push_back("kept the last layer (classifier) '" + layers[static_cast<size_t>(last)].name +
                     "' (default; include it by name to prune it)");
  }
  return Status::Ok();
}

}  // namespace prune
}  // namespace prunelab
