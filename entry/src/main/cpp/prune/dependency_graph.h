// Channel dependency analysis for structured pruning (in the spirit of Torch-Pruning's
// DepGraph). A channel group is every (tensor, axis, positions) slice that must lose the same
// channel indices when one output channel of a layer goes: the layer's filter and bias, the
// parameters of following normalisation / scale / bias ops, the activations it flows through
// (channel-preserving ops, depthwise convolutions, residual adds, concatenations at an offset,
// transposes and flattening reshapes), and the input side of every consumer (convolution input
// channels, FullConnection/MatMul columns in blocks of H*W after a flatten).
// Whatever the analysis does not understand makes its group unprunable, with the reason: never a
// silently wrong model.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "common/status.h"
#include "graph/graph.h"

namespace prunelab {
namespace prune {

// Where channel c of a group lives along one axis of a tensor:
//   offset + r * period + c * block + j   for r in [0, repeats), j in [0, block).
// Plain channels: {0, 1, 0, 1}. NCHW-flattened into FC columns: block = H*W. NHWC-flattened:
// repeats = H*W, period = channel total. Concat inputs add their offset.
struct ChannelMap {
  int64_t offset = 0;
  int64_t block = 1;
  int64_t period = 0;
  int64_t repeats = 1;
  bool IsPlain() const { return offset == 0 && block == 1 && repeats == 1; }
  // One position per channel, possibly at an offset (inside a concatenation).
  bool IsRun() const { return block == 1 && repeats == 1; }
  bool operator==(const ChannelMap& o) const {
    return offset == o.offset && block == o.block && repeats == o.repeats && (repeats == 1 || period == o.period);
  }
};

struct ChannelSlice {
  uint32_t tensor = 0;
  int axis = 0;
  ChannelMap map;
  bool constant = false;  // parameters lose data; activations only change dims
};

// A Reshape whose shape constant names the channel-carrying extent explicitly.
struct ShapeFix {
  uint32_t node = 0;
  uint32_t shape_tensor = 0;
  int axis = 0;  // entry of the shape vector to rewrite (output axis)
};

struct ChannelGroup {
  int32_t id = 0;
  int64_t channels = 0;
  std::vector<uint32_t> roots;      // nodes whose output channels these are (conv / FC / MatMul)
  std::vector<uint32_t> members;    // every node touched, roots included, in discovery order
  std::vector<uint32_t> consumers;  // nodes whose input channels shrink (conv / FC / MatMul)
  std::vector<uint32_t> coupled;    // depthwise convolutions carried along (input and output)
  std::vector<ChannelSlice> slices;
  std::vector<ShapeFix> shape_fixes;
  bool prunable = true;
  std::string reason;  // first reason it is not prunable
  // The activation the activation criteria observe: the first ReLU-like output of the group
  // (APoZ is defined after the ReLU), else the first root's output.
  int64_t observed_tensor = -1;
};

class DependencyGraph {
 public:
  // `dims` holds every tensor's dims (inferred or from the file). INVALID_MODEL on a cyclic graph.
  static Status Build(const graph::Graph& graph, const std::vector<std::vector<int32_t>>& dims, DependencyGraph* out);

  const std::vector<ChannelGroup>& groups() const { return groups_; }
  // The group whose roots include `node`, or -1.
  int32_t GroupOfRoot(uint32_t node) const;

 private:
  std::vector<ChannelGroup> groups_;
};

// Tensor dims for the analysis and for MACs: shape inference when it succeeds, else the file's dims.
Status KnownDims(const graph::Graph& graph, std::vector<std::vector<int32_t>>* dims);

// Positions along the slice's axis that channel c occupies (ascending), appended to `out`.
void ChannelPositions(const ChannelMap& map, int64_t channel, std::vector<int64_t>* out);

}  // namespace prune
}  // namespace prunelab
