// The interface every op of the engine implements, in the style of TensorFlow Lite Micro:
// Prepare validates attributes and input shapes once per shape set and computes the output
// shapes (BAD_ARGUMENT / UNSUPPORTED_OP naming the node); Eval computes on float32 buffers.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "common/span.h"
#include "common/status.h"
#include "engine/activation.h"
#include "engine/shape.h"
#include "engine/thread_pool.h"
#include "graph/graph.h"

namespace prunelab {
namespace engine {

// One input of a node as the executor prepares it.
struct PrepareInput {
  const graph::Tensor* tensor = nullptr;
  Shape dims;             // activations: inferred for this preparation; constants: as stored
  bool constant = false;  // the model holds its data (weights, shape constants)
};

struct PrepareContext {
  const graph::Graph* graph = nullptr;
  const graph::Node* node = nullptr;
  std::vector<PrepareInput> inputs;
  std::vector<const graph::Tensor*> outputs;
  // When the caller overrode the batch: the leading dim of the first graph input as stored in
  // the file and the one used now (both -1 otherwise). Reshape uses them for batch constants.
  int32_t declared_batch = -1;
  int32_t batch = -1;

  // "Conv2DFusion node 'conv1'", the prefix of every message about this node.
  std::string Where() const;
  // INVALID_MODEL unless the node has between min and max inputs and at least one output.
  Status RequireInputCount(size_t min, size_t max) const;
  // UNSUPPORTED_OP unless input i is float32 (the engine computes in float32 only).
  Status RequireFloat(size_t i, const char* role) const;
  // UNSUPPORTED_OP unless input i has the model's data (a weight or shape constant).
  Status RequireConstant(size_t i, const char* role) const;
  // Reads a constant int32 or int64 input (shape, permutation, axes, paddings...).
  Status ReadInts(size_t i, const char* role, std::vector<int64_t>* out) const;
  // Reads a constant float32 input (e.g. a pad value) by copy.
  Status ReadFloats(size_t i, const char* role, std::vector<float>* out) const;
  // The node's fused activation (activation_type) after checking the engine runs it.
  Status FusedActivation(ActivationParams* out) const;
  // A BAD_ARGUMENT Status prefixed with Where().
  Status Bad(const std::string& message) const;
};

struct EvalContext {
  std::vector<Span<const float>> inputs;  // per node input; empty for non-float inputs
  std::vector<const Shape*> input_dims;
  std::vector<Span<float>> outputs;
  std::vector<const Shape*> output_dims;
  ThreadPool* pool = nullptr;
};

class OpKernel {
 public:
  virtual ~OpKernel() = default;
  // Validates and fills one Shape per node output. May keep what Eval needs (geometry, axes).
  virtual Status Prepare(const PrepareContext& ctx, std::vector<Shape>* output_dims) = 0;
  // Computes every output in full from the inputs.
  virtual Status Eval(const EvalContext& ctx) = 0;
};

// Applies fn(begin, end) over [0, count) in chunks of at least `grain` elements on the pool.
void ParallelChunks(ThreadPool* pool, int64_t count, int64_t grain, const std::function<void(int64_t, int64_t)>& fn);

}  // namespace engine
}  // namespace prunelab
