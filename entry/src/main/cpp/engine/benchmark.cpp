#include "engine/benchmark.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <map>
#include <new>
#include <string>

#include "engine/kernels/gemm.h"
#include "engine/reference/gemm_ref.h"

namespace prunelab {
namespace engine {
namespace {

using Clock = std::chrono::steady_clock;

double Ms(Clock::time_point start) { return std::chrono::duration<double, std::milli>(Clock::now() - start).count(); }

}  // namespace

void FillDeterministic(std::vector<float>* values) {
  for (size_t i = 0; i < values->size(); ++i) (*values)[i] = static_cast<float>((i * 7919) % 1000) / 500.0f - 1.0f;
}

Status BenchmarkModel(const graph::Graph& graph, const ModelBenchmarkSpec& spec, ModelBenchmarkResult* result) {
  if (spec.runs < 1 || spec.runs > 1000000) return BadArgument("runs must be between 1 and 1000000");
  if (spec.warmup < 0 || spec.warmup > 1000000) return BadArgument("warmup must be between 0 and 1000000");
  try {
    const Clock::time_point init = Clock::now();
    std::unique_ptr<Executor> exec;
    ExecutorOptions options;
    options.threads = spec.threads;
    PRUNELAB_RETURN_IF_ERROR(Executor::Create(graph, options, &exec));
    PRUNELAB_RETURN_IF_ERROR(exec->Prepare(spec.input_dims.empty() ? nullptr : &spec.input_dims));
    result->init_ms = Ms(init);
    result->arena_bytes = exec->arena_bytes();
    result->threads = exec->threads();
    result->input_dims = exec->input_dims();

    std::vector<std::vector<float>> generated;
    const std::vector<std::vector<float>>* feeds = &spec.inputs;
    if (spec.inputs.empty()) {
      for (const Shape& dims : exec->input_dims()) {
        generated.emplace_back(static_cast<size_t>(ElementCount(dims)));
        FillDeterministic(&generated.back());
      }
      feeds = &generated;
    }
    std::vector<Span<const float>> inputs;
    for (const auto& feed : *feeds) inputs.emplace_back(feed.data(), feed.size());

    RunOptions run;
    run.cancel = spec.cancel;
    RunResult out;
    const size_t total = static_cast<size_t>(spec.warmup) + static_cast<size_t>(spec.runs);
    size_t done = 0;
    for (int i = 0; i < spec.warmup; ++i) {
      PRUNELAB_RETURN_IF_ERROR(exec->Run(inputs, run, &out));
      if (spec.progress) spec.progress(++done, total);
    }
    run.time_ops = spec.time_ops;
    result->times_ms.clear();
    std::vector<double> op_sums;
    for (int i = 0; i < spec.runs; ++i) {
      const Clock::time_point start = Clock::now();
      PRUNELAB_RETURN_IF_ERROR(exec->Run(inputs, run, &out));
      result->times_ms.push_back(Ms(start));
      if (spec.time_ops) {
        op_sums.resize(out.op_times.size(), 0.0);
        for (size_t k = 0; k < out.op_times.size(); ++k) op_sums[k] += out.op_times[k].ms;
      }
      if (spec.progress) spec.progress(++done, total);
    }
    result->op_means.clear();
    for (size_t k = 0; k < op_sums.size(); ++k) {
      result->op_means.push_back({out.op_times[k].node, out.op_times[k].op, op_sums[k] / spec.runs});
    }
    return Status::Ok();
  } catch (const std::bad_alloc&) {
    return OutOfMemory("not enough memory for the benchmark");
  }
}

Status BenchmarkGemm(int64_t m, int64_t n, int64_t k, int threads, int repeats, GemmBenchmarkResult* result) {
  if (m < 1 || n < 1 || k < 1 || m > 8192 || n > 8192 || k > 8192) return BadArgument("gemm sizes must be in 1..8192");
  if (repeats < 1 || repeats > 10000) return BadArgument("repeats must be in 1..10000");
  try {
    std::vector<float> a(static_cast<size_t>(m * k)), b(static_cast<size_t>(k * n)), fast(static_cast<size_t>(m * n)),
        naive(fast.size());
    FillDeterministic(&a);
    FillDeterministic(&b);
    for (float& v : b) v *= 0.5f;
    ThreadPool pool(threads);
    kernels::GemmArgs args;
    args.m = m;
    args.n = n;
    args.k = k;
    args.a = Span<const float>(a);
    args.lda = k;
    args.b = Span<const float>(b);
    args.ldb = n;
    args.c = Span<float>(fast);
    args.ldc = n;
    PRUNELAB_RETURN_IF_ERROR(kernels::Gemm(args, &pool));  // warm-up: page in, grow pack buffers
    std::vector<double> samples;
    for (int i = 0; i < repeats; ++i) {
      const Clock::time_point start = Clock::now();
      PRUNELAB_RETURN_IF_ERROR(kernels::Gemm(args, &pool));
      samples.push_back(Ms(start));
    }
    std::sort(samples.begin(), samples.end());
    result->engine_ms = samples[samples.size() / 2];
    const Clock::time_point start = Clock::now();
    reference::NaiveGemm(m, n, k, a.data(), b.data(), naive.data());
    result->naive_ms = Ms(start);
    const double flops = 2.0 * static_cast<double>(m) * static_cast<double>(n) * static_cast<double>(k);
    result->engine_gflops = flops / (std::max(result->engine_ms, 1e-6) * 1e6);
    result->naive_gflops = flops / (std::max(result->naive_ms, 1e-6) * 1e6);
    result->max_abs_diff = 0.0;
    for (size_t i = 0; i < fast.size(); ++i) {
      result->max_abs_diff = std::max(result->max_abs_diff, static_cast<double>(std::fabs(fast[i] - naive[i])));
    }
    return Status::Ok();
  } catch (const std::bad_alloc&) {
    return OutOfMemory("not enough memory for the gemm benchmark");
  }
}

}  // namespace engine
}  // namespace prunelab
