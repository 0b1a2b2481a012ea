// What a pruning run changed: per layer parameters / non-zeros / MACs before and after, the
// channels removed, and for structured pruning the channel groups with their reasons.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace prunelab {
namespace prune {

struct LayerReport {
  std::string name;     // node name
  std::string op;       // "Conv2DFusion", ...
  std::string weight;   // weight tensor name
  int64_t params_before = 0;  // weight + bias elements
  int64_t params_after = 0;
  int64_t nonzeros_before = 0;
  int64_t nonzeros_after = 0;
  int64_t macs_before = 0;  // dense multiply-accumulates of one inference
  int64_t macs_after = 0;
  int64_t out_channels_before = 0;
  int64_t out_channels_after = 0;
  int64_t in_channels_before = 0;  // weight extent along the input axis
  int64_t in_channels_after = 0;
  std::vector<int64_t> removed_channels;  // output channels removed (original numbering, ascending)
  int64_t zeroed = 0;                     // weights set to zero by this run (unstructured, N:M)
  bool chosen = false;                    // the plan selected this layer for pruning
  std::string note;                       // why a chosen layer was left as it was
};

struct GroupReport {
  int32_t id = 0;
  int64_t channels = 0;                 // channel count before pruning
  std::vector<std::string> roots;       // layers whose output channels form the group
  std::vector<std::string> members;     // every node touched when the group loses a channel
  bool prunable = false;
  std::string reason;                   // why not, when not prunable
  std::vector<int64_t> removed;         // channel indices removed
};

struct PruneTotals {
  int64_t params = 0;    // every float constant consumed by a node (weights, biases, norm parameters)
  int64_t nonzeros = 0;
  int64_t macs = 0;
};

struct PruneReport {
  std::string method;
  std::string criterion;
  std::string scope;
  bool has_sparsity = false;
  double target_sparsity = 0.0;
  bool has_threshold = false;
  double threshold = 0.0;
  int32_t n = 0, m = 0;                // N:M only
  int64_t prunable_weights = 0;        // weights of the chosen layers
  int64_t prunable_zeros_after = 0;    // how many of them are zero afterwards
  double achieved_sparsity = 0.0;      // prunable_zeros_after / prunable_weights
  int64_t prunable_channels = 0;       // structured: channels of the prunable groups
  int64_t removed_channels = 0;        // structured: channels removed
  PruneTotals before;
  PruneTotals after;
  std::vector<LayerReport> layers;
  std::vector<GroupReport> groups;
  std::vector<std::string> notes;
};

}  // namespace prune
}  // namespace prunelab
