#include "graph/metrics.h"

#include <cstring>
#include <unordered_set>

#include "graph/shape_inference.h"

namespace prunelab {
namespace graph {

namespace {

// Summary time is dominated by this scan (it touches every weight), so it is written to vectorize:
// a float is zero when its bits without the sign are zero (NaN counts as non-zero), and fixed-size
// blocks with a narrow counter let compilers use SIMD compares even at -O2.
int64_t CountNonZeroFloats(Span<const float> values) {
  constexpr size_t kBlock = 4096;
  const size_t size = values.size();
  int64_t zeros = 0;
  size_t i = 0;
  for (; i + kBlock <= size; i += kBlock) {
    const float* block = values.data() + i;
    uint32_t block_zeros = 0;
    for (size_t k = 0; k < kBlock; ++k) {
      uint32_t bits;
      std::memcpy(&bits, block + k, sizeof(bits));
      block_zeros += (bits << 1) == 0 ? 1u : 0u;
    }
    zeros += block_zeros;
  }
  for (; i < size; ++i) zeros += values[i] == 0.0f ? 1 : 0;
  return static_cast<int64_t>(size) - zeros;
}

}  // namespace

int64_t CountNonZeros(const Tensor& tensor) {
  const ByteSpan bytes = tensor.data.bytes();
  if (tensor.dtype == DataType::kFloat32 && !tensor.IsQuantizedWeight()) {
    const Span<const float> values = tensor.Floats();
    if (values.size() * 4 == bytes.size()) return CountNonZeroFloats(values);
  }
  if (tensor.dtype == DataType::kFloat16 && !tensor.IsQuantizedWeight() && bytes.size() % 2 == 0) {
    int64_t count = 0;
    for (size_t i = 0; i < bytes.size(); i += 2) {
      uint16_t bits;
      std::memcpy(&bits, bytes.data() + i, 2);
      count += (bits & 0x7fffu) != 0 ? 1 : 0;
    }
    return count;
  }
  return std::max<int64_t>(tensor.ElementCount(), 0);
}

namespace {

bool IsParameter(const Tensor& t) {
  if (!t.HasData()) return false;
  if (t.IsQuantizedWeight()) return true;
  return t.dtype == DataType::kFloat32 || t.dtype == DataType::kFloat16;
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

// MACs of one node given its output dims; -1 when a needed size is unknown.
int64_t NodeMacs(const Graph& graph, const Node& node, const std::vector<std::vector<int32_t>>& dims) {
  if (node.inputs.size() < 2 || node.outputs.empty()) return 0;
  const std::vector<int32_t>& w = dims[node.inputs[1]];
  const int64_t out = Elements(dims[node.outputs[0]]);
  int64_t per_output = 0;
  switch (node.op_type) {
    case op::kConv2DFusion:  // weight OHWI: each output sums kH*kW*in_c/group products
      if (w.size() != 4 || w[0] <= 0) return 0;
      per_output = Elements(w) / w[0];
      break;
    case op::kFullConnection:
      if (w.size() != 2) return 0;
      per_output = w[1];
      break;
    case op::kMatMulFusion:
      if (w.size() < 2) return 0;
      per_output = node.Int("transpose_b") != 0 ? w[w.size() - 1] : w[w.size() - 2];
      break;
    default:
      return 0;
  }
  (void)graph;
  if (out < 0 || per_output < 0) return -1;
  if (per_output != 0 && out > (int64_t{1} << 62) / per_output) return -1;
  return out * per_output;
}

}  // namespace

Status ComputeMetrics(const Graph& graph, uint64_t file_bytes, ModelMetrics* out) {
  *out = ModelMetrics();
  out->file_bytes = file_bytes;
  PRUNELAB_RETURN_IF_ERROR(graph.Validate());
  std::vector<std::vector<int32_t>> dims;
  const Status inferred = InferShapes(graph, nullptr, &dims);
  out->shapes_inferred = inferred.ok();
  if (!inferred.ok() && (inferred.code() != ErrorCode::kUnsupportedOp || dims.size() != graph.tensors.size())) {
    dims.clear();  // contradicting shapes: the file's own dims are the best estimate
    for (const Tensor& t : graph.tensors) dims.push_back(t.dims);
  }
  // Non-zero counts are cached per tensor: a constant read by several layers is scanned once.
  std::vector<int64_t> nonzeros(graph.tensors.size(), -1);
  std::unordered_set<uint32_t> counted;
  for (uint32_t n = 0; n < graph.nodes.size(); ++n) {
    const Node& node = graph.nodes[n];
    if (IsTrainingNode(node)) continue;
    LayerMetrics layer;
    layer.node = n;
    layer.name = node.name;
    layer.op = node.OpName();
    bool has_parameter = false;
    for (size_t i = 0; i < node.inputs.size(); ++i) {
      const uint32_t index = node.inputs[i];
      const Tensor& t = graph.tensors[index];
      if (!IsParameter(t)) continue;
      has_parameter = true;
      if (nonzeros[index] < 0) nonzeros[index] = CountNonZeros(t);
      const int64_t elements = std::max<int64_t>(t.ElementCount(), 0);
      layer.params += elements;
      layer.nonzeros += nonzeros[index];
      layer.bytes += t.data.size();
      layer.quantized = layer.quantized || t.IsQuantizedWeight();
      const bool weight_slot = i == 1 || (layer.weight.empty() && i != 2);
      if (weight_slot && layer.weight.empty()) {
        layer.weight = t.name;
        layer.weight_dims = t.dims;
      }
      if (counted.insert(index).second) {
        out->params += elements;
        out->nonzeros += nonzeros[index];
      }
    }
    const int64_t macs = NodeMacs(graph, node, dims);
    if (macs < 0) out->macs_complete = false;
    layer.macs = std::max<int64_t>(macs, 0);
    out->macs += layer.macs;
    if (has_parameter || node.op_type == op::kMatMulFusion) out->layers.push_back(std::move(layer));
  }
  return Status::Ok();
}

}  // namespace graph
}  // namespace prunelab
