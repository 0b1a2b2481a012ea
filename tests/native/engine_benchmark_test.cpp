// engine/benchmark: the model benchmark's sample counts, per-op means, progress and refusals,
// and the GEMM benchmark's agreement between the engine and the naive loop.
#include <atomic>
#include <cstring>
#include <vector>

#include "engine/benchmark.h"
#include "graph/types.h"
#include "testing.h"

using namespace prunelab;
using namespace prunelab::engine;

namespace {

// x [1,8,8,3] -> ReLU -> global average pool.
graph::Graph TinyGraph() {
  graph::Graph g;
  graph::Tensor x, r, y;
  x.name = "x";
  x.dims = {1, 8, 8, 3};
  r.name = "r";
  y.name = "y";
  g.tensors = {x, r, y};
  graph::Node relu, pool;
  relu.name = "relu";
  relu.op_type = graph::op::kActivation;
  relu.SetInt("activation_type", graph::activation::kRelu);
  relu.inputs = {0};
  relu.outputs = {1};
  pool.name = "pool";
  pool.op_type = graph::op::kAvgPoolFusion;
  pool.SetInt("global", 1);
  pool.inputs = {1};
  pool.outputs = {2};
  g.nodes = {relu, pool};
  g.inputs = {0};
  g.outputs = {2};
  return g;
}

}  // namespace

TEST(EngineBenchmark, ModelSamplesOpMeansAndProgress) {
  const graph::Graph g = TinyGraph();
  ModelBenchmarkSpec spec;
  spec.runs = 7;
  spec.warmup = 2;
  spec.threads = 2;
  spec.time_ops = true;
  size_t calls = 0, last_total = 0;
  spec.progress = [&](size_t done, size_t total) {
    ++calls;
    CHECK_EQ(done, calls);
    last_total = total;
  };
  ModelBenchmarkResult result;
  REQUIRE_OK(BenchmarkModel(g, spec, &result));
  CHECK_EQ(result.times_ms.size(), 7u);
  for (double t : result.times_ms) CHECK(t >= 0.0);
  CHECK_EQ(calls, 9u);
  CHECK_EQ(last_total, 9u);
  CHECK_EQ(result.threads, 2);
  REQUIRE(result.op_means.size() == 2);
  CHECK_EQ(result.op_means[1].node, std::string("pool"));
  CHECK((result.input_dims == std::vector<Shape>{{1, 8, 8, 3}}));
  CHECK(result.arena_bytes >= (8 * 8 * 3 + 3) * sizeof(float));
  // Another batch and explicit inputs.
  spec.input_dims = {{2, 8, 8, 3}};
  spec.inputs = {std::vector<float>(2 * 8 * 8 * 3, 1.0f)};
  spec.progress = nullptr;
  REQUIRE_OK(BenchmarkModel(g, spec, &result));
  CHECK((result.input_dims == std::vector<Shape>{{2, 8, 8, 3}}));
  spec.inputs = {std::vector<float>(5)};
  CHECK(BenchmarkModel(g, spec, &result).code() == ErrorCode::kBadArgument);
}

TEST(EngineBenchmark, RefusalsAndCancel) {
  const graph::Graph g = TinyGraph();
  ModelBenchmarkSpec spec;
  ModelBenchmarkResult result;
  spec.runs = 0;
  CHECK(BenchmarkModel(g, spec, &result).code() == ErrorCode::kBadArgument);
  spec.runs = 3;
  spec.warmup = -1;
  CHECK(BenchmarkModel(g, spec, &result).code() == ErrorCode::kBadArgument);
  spec.warmup = 0;
  std::atomic<bool> cancel{true};
  spec.cancel = &cancel;
  CHECK(BenchmarkModel(g, spec, &result).code() == ErrorCode::kCancelled);
}

TEST(EngineBenchmark, GemmEngineAgreesWithNaiveLoop) {
  GemmBenchmarkResult r;
  REQUIRE_OK(BenchmarkGemm(37, 29, 41, 2, 2, &r));
  CHECK(r.max_abs_diff < 1e-4);
  CHECK(r.engine_gflops > 0.0);
  CHECK(r.naive_gflops > 0.0);
  CHECK(BenchmarkGemm(0, 4, 4, 1, 1, &r).code() == ErrorCode::kBadArgument);
  CHECK(BenchmarkGemm(4, 4, 4, 1, 0, &r).code() == ErrorCode::kBadArgument);
  std::vector<float> values(1000);
  FillDeterministic(&values);
  bool in_range = true;
  for (float v : values) in_range = in_range && v >= -1.0f && v < 1.0f;
  CHECK(in_range);
  CHECK(values[1] != values[2]);
}
