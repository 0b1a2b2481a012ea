// The graph IR: what a MetaGraph holds, plus derived structure (producers, consumers, order).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "common/status.h"
#include "graph/node.h"
#include "graph/tensor.h"

namespace prunelab {
namespace graph {

struct SubGraph {
  std::string name;
  std::vector<uint32_t> inputs;
  std::vector<uint32_t> outputs;
  std::vector<uint32_t> nodes;
  std::vector<uint32_t> tensors;
};

// fmkType numbers.
namespace fmk {
constexpr int32_t kTf = 0, kCaffe = 1, kOnnx = 2, kMindIr = 3, kTflite = 4, kPytorch = 5, kMsLite = 6, kOm = 7;
}
const char* FmkName(int32_t fmk_type);

// A node of a training graph's loss, gradient or optimizer part (by op type and by the names
// converters give them), as opposed to the model's forward layers.
bool IsTrainingNode(const Node& node);

struct Graph {
  std::string name;
  std::string version;
  int32_t fmk_type = 0;
  std::vector<uint32_t> inputs;   // MetaGraph.inputIndex
  std::vector<uint32_t> outputs;  // MetaGraph.outputIndex
  uint32_t mempool_size = 0;
  std::vector<Node> nodes;
  std::vector<Tensor> tensors;
  std::vector<SubGraph> subgraphs;

  // Checks every node/subgraph/graph I/O index is in range (the runtime does the same).
  Status Validate() const;
  // Node index producing each tensor, -1 for graph inputs and constants.
  std::vector<int32_t> Producers() const;
  // Node indices reading each tensor.
  std::vector<std::vector<uint32_t>> Consumers() const;
  // Nodes in an order where every producer precedes its consumers; INVALID_MODEL on a cycle.
  Status TopologicalOrder(std::vector<uint32_t>* order) const;

  // Training graphs: loss (`_loss_fn`, `loss_fct`, `SigmoidCrossEntropy`), gradient (`Gradients/`)
  // and optimizer (Adam/SGD/ApplyMomentum, `optimizer`) parts.
  bool IsTrainingGraph() const;
  bool HasQuantizedWeights() const;
};

}  // namespace graph
}  // namespace prunelab
