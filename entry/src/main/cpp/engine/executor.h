// The reference CPU executor: runs an inference graph on float32 NHWC tensors.
//
// Create() checks once that the graph is an inference graph the engine can run (UNSUPPORTED_OP
// naming every op it lacks and a node of each, before anything runs). Prepare() fixes the input
// shapes (the converter's batch may be overridden), infers and validates every shape with each
// op's own rules, and plans one arena for the intermediate tensors by their lifetimes. Run()
// executes the nodes in topological order on a small thread pool, with optional per-op timing,
// a cancellation flag, progress and an observer that sees every activation.
//
// Weights stay views into the model: nothing is copied or pre-packed per prepare or per run
// (the GEMM packs panels of the weights in its per-thread scratch as it goes, ~1 MiB per thread).
// Values edited in place in the model (e.g. pruning masks) are seen by the next Run(); a change
// of any tensor's shape or storage needs a new Prepare(). The only copy is for a float32 constant
// whose bytes are not 4-byte aligned in the model buffer, taken at Prepare().
// The graph must outlive the executor. One Run() at a time per executor.
#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "common/span.h"
#include "common/status.h"
#include "engine/op_kernel.h"
#include "engine/shape.h"
#include "engine/thread_pool.h"
#include "graph/graph.h"

namespace prunelab {
namespace engine {

struct ExecutorOptions {
  int threads = 1;  // clamped to [1, 64]
};

struct OpTiming {
  std::string node;
  std::string op;
  double ms = 0.0;
};

struct RunOutput {
  std::string name;
  Shape dims;
  std::vector<float> data;
};

struct RunResult {
  std::vector<RunOutput> outputs;   // one per graph output, in graph order
  std::vector<OpTiming> op_times;   // one per node in execution order when timing was asked for
};

// Sees the output `tensor_index` of `node` right after the node ran (valid only during the call).
using ActivationObserver = std::function<void(const graph::Node& node, uint32_t tensor_index, Span<const float> data,
                                              const Shape& dims)>;

struct RunOptions {
  bool time_ops = false;
  const std::atomic<bool>* cancel = nullptr;                // checked before each node: CANCELLED
  std::function<void(size_t done, size_t total)> progress;  // after each node
  ActivationObserver observe;
};

class Executor {
 public:
  static Status Create(const graph::Graph& graph, const ExecutorOptions& options, std::unique_ptr<Executor>* out);
  ~Executor();

  // `input_dims`: one shape per graph input, or null for the shapes stored in the model.
  Status Prepare(const std::vector<Shape>* input_dims = nullptr);
  bool prepared() const { return prepared_; }

  size_t input_count() const { return graph_.inputs.size(); }
  std::string input_name(size_t i) const;
  const std::vector<Shape>& input_dims() const { return input_dims_; }  // of the current preparation
  Shape output_dims(size_t i) const;
  size_t arena_bytes() const { return arena_.size() * sizeof(float); }
  int threads() const { return pool_->threads(); }
  const graph::Graph& graph() const { return graph_; }

  // One span per graph input holding exactly its element count (NHWC, float32).
  Status Run(const std::vector<Span<const float>>& inputs, const RunOptions& options, RunResult* result);

 private:
  enum class Source : uint8_t { kNone, kGraphInput, kProduced, kConstant };

  Executor(const graph::Graph& graph, int threads);
  Status PrepareImpl(const std::vector<Shape>* input_dims);
  Status RunImpl(const std::vector<Span<const float>>& inputs, const RunOptions& options, RunResult* result);
  Status BindConstants();

  const graph::Graph& graph_;
  std::unique_ptr<ThreadPool> pool_;
  std::vector<uint32_t> order_;                     // node indices, topological
  std::vector<std::unique_ptr<OpKernel>> kernels_;  // per node index
  std::vector<Source> source_;                      // per tensor
  std::vector<Shape> dims_;                         // per tensor, for the current preparation
  std::vector<size_t> offset_;                      // per produced tensor: arena offset (floats)
  std::vector<size_t> constant_bytes_;              // per constant float tensor read by a node: bytes at Prepare
  std::vector<std::vector<float>> aligned_copies_;  // per tensor: copy of a misaligned float constant
  std::vector<Shape> input_dims_;
  std::vector<float> arena_;
  std::vector<Span<const float>> views_;            // per tensor during a run
  bool prepared_ = false;
};

}  // namespace engine
}  // namespace prunelab
