// Shape inference for the supported op set: dims of every tensor from the graph inputs' dims
// (activations NHWC, as MindSpore Lite lays them out), in topological order.
#pragma once

#include <cstdint>
#include <vector>

#include "common/status.h"
#include "graph/graph.h"

namespace prunelab {
namespace graph {

// Fills `dims` with one entry per tensor. Constants keep their file dims; graph inputs take
// `input_dims_override` (one entry per graph input, in graph.inputs order) or their file dims;
// every other tensor is computed by its producer's rule. A dim of -1 (unknown) propagates.
// Errors:
//   UNSUPPORTED_OP naming the first op without a rule (dims still holds the file's dims for that
//     op's outputs and inferred dims elsewhere, so callers can fall back to the file's dims);
//   INVALID_MODEL (BAD_ARGUMENT when an override was given) when shapes contradict each other.
Status InferShapes(const Graph& graph, const std::vector<std::vector<int32_t>>* input_dims_override,
                   std::vector<std::vector<int32_t>>* dims);

// True when `type` has a shape rule.
bool HasShapeRule(int32_t type);

}  // namespace graph
}  // namespace prunelab
