// A loaded model: the file's bytes (owned, mutable) and the graph whose tensors view them.
// Parsing never copies weights; pruning in place writes through the views; surgery that changes
// shapes gives tensors owned data. Clone() copies the bytes once so the copy is independent.
#pragma once

#include <cstdint>
#include <memory>
#include <vector>

#include "common/status.h"
#include "graph/graph.h"

namespace prunelab {
namespace graph {

class Model {
 public:
  // Parses and verifies `bytes` (taken over, not copied). INVALID_MODEL with a reason on bad input.
  static Status FromBytes(std::vector<uint8_t> bytes, std::unique_ptr<Model>* out);

  Graph& graph() { return graph_; }
  const Graph& graph() const { return graph_; }
  // Size of the file this model was read from.
  size_t source_size() const { return source_ ? source_->size() : 0; }

  std::unique_ptr<Model> Clone() const;
  // Encodes the current graph as a valid .ms file (version "MindSpore Lite 2.1.0").
  Status ToBytes(std::vector<uint8_t>* out) const;

 private:
  std::shared_ptr<std::vector<uint8_t>> source_;
  Graph graph_;
};

}  // namespace graph
}  // namespace prunelab
