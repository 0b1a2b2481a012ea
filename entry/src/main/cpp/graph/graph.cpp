#include "graph/graph.h"

#include <queue>
#include <string>

namespace prunelab {
namespace graph {

const char* FmkName(int32_t fmk_type) {
  switch (fmk_type) {
    case fmk::kTf: return "TF";
    case fmk::kCaffe: return "CAFFE";
    case fmk::kOnnx: return "ONNX";
    case fmk::kMindIr: return "MINDIR";
    case fmk::kTflite: return "TFLITE";
    case fmk::kPytorch: return "PYTORCH";
    case fmk::kMsLite: return "MSLITE";
    case fmk::kOm: return "OM";
    default: return "UNKNOWN";
  }
}

namespace {

// The first index of `indices` at or past `limit`, or -1. Messages are built only on failure.
int64_t FirstOutOfRange(const std::vector<uint32_t>& indices, size_t limit) {
  for (uint32_t index : indices) {
    if (index >= limit) return index;
  }
  return -1;
}

Status OutOfRange(const std::string& what, int64_t index, const char* noun, size_t limit) {
  return InvalidModel(what + " refers to " + noun + " " + std::to_string(index) + " but the model has only " +
                      std::to_string(limit));
}

}  // namespace

Status Graph::Validate() const {
  const size_t tensor_count = tensors.size();
  int64_t bad = -1;
  if ((bad = FirstOutOfRange(inputs, tensor_count)) >= 0) return OutOfRange("the graph input list", bad, "tensor", tensor_count);
  if ((bad = FirstOutOfRange(outputs, tensor_count)) >= 0) return OutOfRange("the graph output list", bad, "tensor", tensor_count);
  for (size_t n = 0; n < nodes.size(); ++n) {
    const bool bad_input = (bad = FirstOutOfRange(nodes[n].inputs, tensor_count)) >= 0;
    if (bad_input || (bad = FirstOutOfRange(nodes[n].outputs, tensor_count)) >= 0) {
      return OutOfRange("node " + std::to_string(n) + " '" + nodes[n].name + "' " + (bad_input ? "input" : "output"), bad,
                        "tensor", tensor_count);
    }
  }
  for (size_t s = 0; s < subgraphs.size(); ++s) {
    const SubGraph& sub = subgraphs[s];
    const std::string what = "subgraph " + std::to_string(s);
    if ((bad = FirstOutOfRange(sub.inputs, tensor_count)) >= 0) return OutOfRange(what + " inputs", bad, "tensor", tensor_count);
    if ((bad = FirstOutOfRange(sub.outputs, tensor_count)) >= 0) return OutOfRange(what + " outputs", bad, "tensor", tensor_count);
    if ((bad = FirstOutOfRange(sub.tensors, tensor_count)) >= 0) return OutOfRange(what + " tensors", bad, "tensor", tensor_count);
    if ((bad = FirstOutOfRange(sub.nodes, nodes.size())) >= 0) return OutOfRange(what + " nodes", bad, "node", nodes.size());
  }
  return Status::Ok();
}

std::vector<int32_t> Graph::Producers() const {
  std::vector<int32_t> producers(tensors.size(), -1);
  for (size_t n = 0; n < nodes.size(); ++n) {
    for (uint32_t t : nodes[n].outputs) {
      if (t < producers.size() && producers[t] < 0) producers[t] = static_cast<int32_t>(n);
    }
  }
  return producers;
}

std::vector<std::vector<uint32_t>> Graph::Consumers() const {
  std::vector<std::vector<uint32_t>> consumers(tensors.size());
  for (size_t n = 0; n < nodes.size(); ++n) {
    for (uint32_t t : nodes[n].inputs) {
      if (t >= consumers.size()) continue;
      std::vector<uint32_t>& list = consumers[t];
      if (list.empty() || list.back() != n) list.push_back(static_cast<uint32_t>(n));  // a node reading a tensor twice counts once
    }
  }
  return consumers;
}

Status Graph::TopologicalOrder(std::vector<uint32_t>* order) const {
  order->clear();
  // Every writer of a tensor precedes every reader (a tensor may have several writers in training graphs).
  std::vector<std::vector<uint32_t>> writers(tensors.size());
  for (size_t n = 0; n < nodes.size(); ++n) {
    for (uint32_t t : nodes[n].outputs) {
      if (t < writers.size()) writers[t].push_back(static_cast<uint32_t>(n));
    }
  }
  std::vector<std::vector<uint32_t>> successors(nodes.size());
  std::vector<uint32_t> pending(nodes.size(), 0);
  for (size_t n = 0; n < nodes.size(); ++n) {
    for (uint32_t t : nodes[n].inputs) {
      if (t >= writers.size()) return InvalidModel("node " + std::to_string(n) + " reads a tensor past the tensor list");
      for (uint32_t w : writers[t]) {
        successors[w].push_back(static_cast<uint32_t>(n));
        ++pending[n];
      }
    }
  }
  // File order among ready nodes keeps the result stable and close to the converter's order.
  std::priority_queue<uint32_t, std::vector<uint32_t>, std::greater<uint32_t>> ready;
  for (size_t n = 0; n < nodes.size(); ++n) {
    if (pending[n] == 0) ready.push(static_cast<uint32_t>(n));
  }
  order->reserve(nodes.size());
  while (!ready.empty()) {
    const uint32_t n = ready.top();
    ready.pop();
    order->push_back(n);
    for (uint32_t s : successors[n]) {
      if (--pending[s] == 0) ready.push(s);
    }
  }
  if (order->size() != nodes.size()) {
    for (size_t n = 0; n < nodes.size(); ++n) {
      if (pending[n] != 0) {
        order->clear();
        return InvalidModel("the graph has a cycle through node " + std::to_string(n) + " '" + nodes[n].name + "'");
      }
    }
  }
  return Status::Ok();
}

bool IsTrainingNode(const Node& node) {
  switch (node.op_type) {
    case op::kAdam:
    case op::kSGD:
    case op::kApplyMomentum:
    case op::kAssign:
    case op::kActivationGrad:
    case op::kAvgPoolGrad:
    case op::kBatchNormGrad:
    case op::kBiasAddGrad:
    case op::kConv2DBackpropFilterFusion:
    case op::kConv2DBackpropInputFusion:
    case op::kMaxPoolGrad:
      return true;
    default:
      break;
  }
  const std::string& name = node.name;
  return name.rfind("Gradients/", 0) == 0 || name.find("/Gradients/") != std::string::npos ||
         name.find("_loss_fn") != std::string::npos || name.find("loss_fct") != std::string::npos ||
         name.find("SigmoidCrossEntropy") != std::string::npos || name.find("optimizer") != std::string::npos;
}

bool Graph::IsTrainingGraph() const {
  for (const Node& node : nodes) {
    if (IsTrainingNode(node)) return true;
  }
  return false;
}

// Judged by the tensors: converters also mark nodes QUANT_WEIGHT whose weights stayed float32
// (lenet_tod_infer.ms does), so a node's quantType alone says nothing about its weights.
bool Graph::HasQuantizedWeights() const {
  for (const Tensor& tensor : tensors) {
    if (tensor.IsQuantizedWeight()) return true;
  }
  return false;
}

}  // namespace graph
}  // namespace prunelab
