// Builds small float32 NHWC graphs in memory: the residual and depthwise cases of the pruning
// tests and the synthetic models of the pruning benchmark. Every op gets the attributes and
// tensor dims a converter would write, so the result encodes (ms::WriteModel) and runs.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "graph/graph.h"

namespace prunelab {
namespace prune {

class GraphBuilder {
 public:
  // A graph input (NHWC or [N, features]).
  uint32_t Input(const std::string& name, std::vector<int32_t> dims);
  uint32_t Constant(const std::string& name, std::vector<int32_t> dims, std::vector<float> data);
  uint32_t IntConstant(const std::string& name, std::vector<int32_t> values);

  // Convolution with an OHWI weight; "same" padding for stride 1 when `same`, else valid.
  uint32_t Conv(const std::string& name, uint32_t x, uint32_t weight, int32_t bias, int64_t group, bool same,
                int64_t stride = 1, int32_t activation = 0);
  uint32_t FullConnection(const std::string& name, uint32_t x, uint32_t weight, int32_t bias, int32_t activation = 0);
  uint32_t MatMul(const std::string& name, uint32_t x, uint32_t weight, int32_t bias, bool transpose_b);
  uint32_t Add(const std::string& name, uint32_t a, uint32_t b, int32_t activation = 0);
  uint32_t Mul(const std::string& name, uint32_t a, uint32_t b);
  uint32_t Activation(const std::string& name, uint32_t x, int32_t type);
  uint32_t MaxPool(const std::string& name, uint32_t x, int64_t kernel, int64_t stride);
  uint32_t GlobalAvgPool(const std::string& name, uint32_t x);
  uint32_t BatchNorm(const std::string& name, uint32_t x, uint32_t mean, uint32_t variance, float epsilon);
  uint32_t Transpose(const std::string& name, uint32_t x, std::vector<int32_t> perm);
  uint32_t Reshape(const std::string& name, uint32_t x, std::vector<int32_t> shape);
  uint32_t Concat(const std::string& name, std::vector<uint32_t> inputs, int64_t axis);
  uint32_t Softmax(const std::string& name, uint32_t x);
  void Output(uint32_t tensor);

  graph::Graph& graph() { return graph_; }
  const std::vector<int32_t>& dims(uint32_t tensor) const { return graph_.tensors[tensor].dims; }

 private:
  uint32_t Activation_(const std::string& name, std::vector<int32_t> dims);
  graph::Node& AddNode(const std::string& name, int32_t op_type, std::vector<uint32_t> inputs, uint32_t output);
  graph::Graph graph_;
};

// Deterministic pseudo-random floats in [-scale, scale) (the builder's weights).
std::vector<float> PseudoRandom(size_t count, uint64_t seed, float scale);

}  // namespace prune
}  // namespace prunelab
