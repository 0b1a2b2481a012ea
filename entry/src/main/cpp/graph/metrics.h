// Size and cost of a model, per layer and in total: parameters, non-zero parameters, MACs
// (multiply-accumulates; FLOPs are 2 x MACs when someone needs them) and bytes.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "common/status.h"
#include "graph/graph.h"

namespace prunelab {
namespace graph {

// A layer: a forward node with constant float (or quantized) inputs (conv, FC, MatMul, BiasAdd,
// Scale, ...), plus every MatMul (its MACs count even between two activations).
struct LayerMetrics {
  uint32_t node = 0;
  std::string name;
  std::string op;
  std::string weight;               // its weight tensor's name ("" when it has none)
  std::vector<int32_t> weight_dims;
  int64_t params = 0;    // elements of its constant float inputs (weights and biases)
  int64_t nonzeros = 0;  // of those, the ones not equal to zero (quantized weights: not measured, = params)
  int64_t macs = 0;      // conv: out_elems * kH*kW*in_c/group; FC and MatMul: M*N*K; other ops: 0
  uint64_t bytes = 0;    // bytes of its constant inputs' data
  bool quantized = false;
};

struct ModelMetrics {
  int64_t params = 0;     // each constant counted once, even when several layers read it
  int64_t nonzeros = 0;
  int64_t macs = 0;       // for the input dims the model was converted with (batch included)
  uint64_t file_bytes = 0;
  bool shapes_inferred = false;  // false: some MACs used the file's dims (an op without a shape rule)
  bool macs_complete = true;     // false: a layer's output size is unknown (dynamic dims), its MACs count 0
  std::vector<LayerMetrics> layers;
};

// Counts the elements of `tensor` not equal to zero (float32, float16; other types: all elements).
int64_t CountNonZeros(const Tensor& tensor);

Status ComputeMetrics(const Graph& graph, uint64_t file_bytes, ModelMetrics* out);

}  // namespace graph
}  // namespace prunelab
