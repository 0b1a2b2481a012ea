// Parameters, non-zeros and dense MACs per weight layer and in total, for the pruning report.
#pragma once

#include <cstdint>
#include <vector>

#include "graph/graph.h"
#include "prune/layers.h"
#include "prune/report.h"

namespace prunelab {
namespace prune {

struct LayerMetrics {
  int64_t params = 0;    // weight + bias elements
  int64_t nonzeros = 0;
  int64_t macs = 0;      // conv: output elements * kH * kW * in_c/group; FC / MatMul: rows * in * out
  int64_t out_channels = 0;
  int64_t in_channels = 0;
};

// `dims`: every tensor's dims (KnownDims). Unknown shapes give 0 MACs, never an error.
// `count_values` false skips reading the weights (params and non-zeros stay 0).
LayerMetrics MeasureLayer(const graph::Graph& graph, const std::vector<std::vector<int32_t>>& dims,
                          const WeightLayer& layer, bool count_values = true);
// Totals: params and non-zeros of every float constant some node reads (each tensor once), MACs
// of the weight layers.
PruneTotals MeasureTotals(const graph::Graph& graph, const std::vector<std::vector<int32_t>>& dims,
                          const std::vector<WeightLayer>& layers);

}  // namespace prune
}  // namespace prunelab
