// Parameters, non-zeros and MACs for the pruning report, by exactly the definitions `inspect`
// uses (graph::ComputeMetrics; a test keeps the two equal on every fixture). The difference:
// non-zero counts the pruner already knows (it counted them while masking) are taken as given,
// so reporting costs no extra pass over the weights it just rewrote.
#pragma once

#include <cstdint>
#include <vector>

#include "graph/graph.h"
#include "prune/report.h"

namespace prunelab {
namespace prune {

struct NodeCost {
  int64_t params = 0;    // elements of the node's constant float (or quantized) inputs
  int64_t nonzeros = 0;  // of those, the non-zero ones
  int64_t macs = 0;      // conv: out_elems * kH*kW*in_c/group; FC / MatMul: M*N*K; others 0
};

struct ModelCost {
  PruneTotals totals;             // each constant counted once, even when several nodes read it
  std::vector<NodeCost> per_node;  // indexed by node
};

// `known_nonzeros`: optional, per tensor; a value >= 0 is used instead of counting that tensor.
void MeasureModel(const graph::Graph& graph, const std::vector<int64_t>* known_nonzeros, ModelCost* out);

}  // namespace prune
}  // namespace prunelab
