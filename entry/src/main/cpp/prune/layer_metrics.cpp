#include "prune/layer_metrics.h"

#include <algorithm>

#include "graph/metrics.h"
#include "graph/shape_inference.h"

namespace prunelab {
namespace prune {
namespace {

// The same tests as graph/metrics.cpp.
bool IsParameter(const graph::Tensor& t) {
  if (!t.HasData()) return false;
  if (t.IsQuantizedWeight()) return true;
  return t.dtype == graph::DataType::kFloat32 || t.dtype == graph::DataType::kFloat16;
}

int64_t Elements(const std::vector<int32_t>& dims) {
  int64_t count = 1;
  for (int32_t d : dims) {
    if (d < 0) return -1;
    if (d != 0 && count > (int64_t{1} << 62) / d) return -1;
    count *= d;
  }
  return count;
}

int64_t NodeMacs(const graph::Node& node, const std::vector<std::vector<int32_t>>& dims) {
  if (node.inputs.size() < 2 || node.outputs.empty()) return 0;
  const std::vector<int32_t>& w = dims[node.inputs[1]];
  const int64_t out = Elements(dims[node.outputs[0]]);
  int64_t per_output = 0;
  switch (node.op_type) {
    case graph::op::kConv2DFusion:
      if (w.size() != 4 || w[0] <= 0) return 0;
      per_output = Elements(w) / w[0];
      break;
    case graph::op::kFullConnection:
      if (w.size() != 2) return 0;
      per_output = w[1];
      break;
    case graph::op::kMatMulFusion:
      if (w.size() < 2) return 0;
      per_output = node.Int("transpose_b") != 0 ? w[w.size() - 1] : w[w.size() - 2];
      break;
    default:
      return 0;
  }
  if (out < 0 || per_output < 0) return 0;
  if (per_output != 0 && out > (int64_t{1} << 62) / per_output) return 0;
  return out * per_output;
}

}  // namespace

void MeasureModel(const graph::Graph& g, const std::vector<int64_t>* known_nonzeros, ModelCost* out) {
  *out = ModelCost();
  out->per_node.resize(g.nodes.size());
  // Shapes as inspect takes them: inferred, partly inferred when an op has no rule, else the file's.
  std::vector<std::vector<int32_t>> dims;
  const Status inferred = graph::InferShapes(g, nullptr, &dims);
  if (!inferred.ok() && (inferred.code() != ErrorCode::kUnsupportedOp || dims.size() != g.tensors.size())) {
    dims.clear();
    for (const auto& t : g.tensors) dims.push_back(t.dims);
  }
  std::vector<int64_t> nonzeros(g.tensors.size(), -1);
  if (known_nonzeros != nullptr && known_nonzeros->size() == g.tensors.size()) nonzeros = *known_nonzeros;
  std::vector<bool> counted(g.tensors.size(), false);
  for (size_t n = 0; n < g.nodes.size(); ++n) {
    const graph::Node& node = g.nodes[n];
    if (graph::IsTrainingNode(node)) continue;
    NodeCost& cost = out->per_node[n];
    for (uint32_t index : node.inputs) {
      if (index >= g.tensors.size()) continue;
      const graph::Tensor& t = g.tensors[index];
      if (!IsParameter(t)) continue;
      if (nonzeros[index] < 0) nonzeros[index] = graph::CountNonZeros(t);
      const int64_t elements = std::max<int64_t>(t.ElementCount(), 0);
      cost.params += elements;
      cost.nonzeros += nonzeros[index];
      if (!counted[index]) {
        counted[index] = true;
        out->totals.params += elements;
        out->totals.nonzeros += nonzeros[index];
      }
    }
    cost.macs = NodeMacs(node, dims);
    out->totals.macs += cost.macs;
  }
}

}  // namespace prune
}  // namespace prunelab
