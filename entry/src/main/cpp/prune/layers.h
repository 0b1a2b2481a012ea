// The weight-bearing layers pruning works on, and which of them a plan chooses.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "common/status.h"
#include "graph/graph.h"
#include "prune/plan.h"

namespace prunelab {
namespace prune {

struct WeightLayer {
  uint32_t node = 0;
  std::string name;
  int32_t op_type = 0;
  uint32_t weight = 0;  // tensor index of the weight
  int32_t bias = -1;    // tensor index of the bias, -1 when none
  int out_axis = 0;     // weight axis of the output channels (filters / FC rows)
  int in_axis = 1;      // weight axis of the input channels (N:M groups run along it)
  int64_t group = 1;    // convolution groups
  bool depthwise = false;
  bool quantized = false;  // the weight is not plain float32 data (quantized, compressed, float16, ...)
};

// Conv2DFusion, FullConnection and MatMulFusion nodes with a constant weight, in topological
// order, leaving out the loss, gradient and optimizer parts of training graphs.
Status FindWeightLayers(const graph::Graph& graph, std::vector<WeightLayer>* layers);

// Which layers the plan prunes: the include list (every layer when empty) minus the exclude list;
// the first convolution and the last weight layer (the classifier) stay unless the plan says
// otherwise or names them in its include list. An unknown name is BAD_ARGUMENT listing the
// known ones. `notes` receives why a layer was left out by default.
Status ChooseLayers(const std::vector<WeightLayer>& layers, const PrunePlan& plan, std::vector<bool>* chosen,
                    std::vector<std::string>* notes);

// A short "a, b, c" list of the layer names (for error messages).
std::string LayerNameList(const std::vector<WeightLayer>& layers);

}  // namespace prune
}  // namespace prunelab
