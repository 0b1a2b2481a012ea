#include "prune/layer_metrics.h"

#include <set>

namespace prunelab {
namespace prune {
namespace {

int64_t Elements(const std::vector<int32_t>& d) {
  if (d.empty()) return 0;
  int64_t n = 1;
  for (int32_t v : d) {
    if (v < 0) return 0;
    n *= v;
  }
  return n;
}

void CountFloats(const graph::Tensor& t, int64_t* params, int64_t* nonzeros) {
  const Span<const float> v = t.Floats();
  *params += static_cast<int64_t>(v.size());
  for (float x : v) *nonzeros += x != 0.0f ? 1 : 0;
}

}  // namespace

LayerMetrics MeasureLayer(const graph::Graph& g, const std::vector<std::vector<int32_t>>& dims, const WeightLayer& layer,
                          bool count_values) {
  LayerMetrics m;
  const graph::Node& node = g.nodes[layer.node];
  const graph::Tensor& w = g.tensors[layer.weight];
  if (!count_values) {
    // The caller takes params and non-zeros from elsewhere.
  } else if (!layer.quantized) {
    CountFloats(w, &m.params, &m.nonzeros);
  } else {
    m.params = std::max<int64_t>(0, w.ElementCount());
    m.nonzeros = m.params;  // not decoded: counted as dense
  }
  if (count_values && layer.bias >= 0) CountFloats(g.tensors[static_cast<size_t>(layer.bias)], &m.params, &m.nonzeros);
  const auto& wd = w.dims;
  if (static_cast<size_t>(layer.out_axis) < wd.size()) m.out_channels = wd[static_cast<size_t>(layer.out_axis)];
  if (static_cast<size_t>(layer.in_axis) < wd.size()) m.in_channels = wd[static_cast<size_t>(layer.in_axis)];
  if (node.outputs.empty()) return m;
  if (layer.op_type == graph::op::kConv2DFusion && wd.size() == 4) {
    const int64_t out = Elements(dims[node.outputs[0]]);
    m.macs = out * wd[1] * wd[2] * wd[3];
  } else if (wd.size() == 2 && !node.inputs.empty()) {
    const int64_t k = m.in_channels;
    const int64_t in = Elements(dims[node.inputs[0]]);
    if (k > 0 && in % k == 0) m.macs = (in / k) * k * m.out_channels;
  }
  return m;
}

PruneTotals MeasureTotals(const graph::Graph& g, const std::vector<std::vector<int32_t>>& dims,
                          const std::vector<WeightLayer>& layers) {
  PruneTotals totals;
  std::set<uint32_t> seen;
  for (const auto& node : g.nodes) {
    for (uint32_t t : node.inputs) {
      if (t >= g.tensors.size() || !seen.insert(t).second) continue;
      const graph::Tensor& tensor = g.tensors[t];
      if (tensor.IsFloat32Constant()) CountFloats(tensor, &totals.params, &totals.nonzeros);
    }
  }
  for (const auto& layer : layers) totals.macs += MeasureLayer(g, dims, layer).macs;
  return totals;
}

}  // namespace prune
}  // namespace prunelab
