// Measurement with the engine: whole-model latency (warm-up runs, then timed runs, optional
// per-op means) and the GEMM kernel's throughput against the textbook triple loop. Statistics
// (percentiles, std) are computed by the callers from the raw samples.
#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <vector>

#include "common/status.h"
#include "engine/executor.h"

namespace prunelab {
namespace engine {

struct ModelBenchmarkSpec {
  int runs = 20;
  int warmup = 3;
  int threads = 1;
  bool time_ops = false;
  std::vector<Shape> input_dims;            // empty: the model's own
  std::vector<std::vector<float>> inputs;   // empty: FillDeterministic for every input
  const std::atomic<bool>* cancel = nullptr;
  std::function<void(size_t done, size_t total)> progress;  // after each warm-up or timed run
};

struct ModelBenchmarkResult {
  std::vector<double> times_ms;    // one per timed run
  double init_ms = 0.0;            // executor creation + preparation
  size_t arena_bytes = 0;          // planned activation memory
  int threads = 1;
  std::vector<Shape> input_dims;
  std::vector<OpTiming> op_means;  // per node, mean over the timed runs (time_ops only)
};

// BAD_ARGUMENT for runs < 1, warmup < 0, wrong input counts or sizes; errors of the executor.
Status BenchmarkModel(const graph::Graph& graph, const ModelBenchmarkSpec& spec, ModelBenchmarkResult* result);

// The inputs a benchmark uses when none are given: values in [-1, 1) from a fixed formula, the
// same on every machine and every run.
void FillDeterministic(std::vector<float>* values);

struct GemmBenchmarkResult {
  double engine_ms = 0.0;   // median over the repeats
  double naive_ms = 0.0;    // one run of the triple loop
  double engine_gflops = 0.0;
  double naive_gflops = 0.0;
  double max_abs_diff = 0.0;  // between the two results
};

// C[m,n] = A[m,k] B[k,n] on deterministic data with the engine's GEMM (threads, `repeats` timed
// runs after one warm-up) and with reference::NaiveGemm (one run, single thread).
Status BenchmarkGemm(int64_t m, int64_t n, int64_t k, int threads, int repeats, GemmBenchmarkResult* result);

}  // namespace engine
}  // namespace prunelab
