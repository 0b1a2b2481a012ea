// Unstructured pruning throughput on a synthetic 10M-parameter model, side by side with a memcpy
// of the same weight bytes and with the same pruning done by a full sort instead of selection.
// Built and run by host/bench/prune-bench.mjs (g++ -O3 -march=native). Prints one line per
// measurement and a summary line at the end.
#include <time.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <memory>
#include <vector>

#include "graph/model.h"
#include "ms/ms_writer.h"
#include "prune/graph_builder.h"
#include "prune/pruner.h"
#include "prune/selection.h"

using namespace prunelab;
using Clock = std::chrono::steady_clock;

namespace {

double Ms(Clock::time_point a, Clock::time_point b) { return std::chrono::duration<double, std::milli>(b - a).count(); }

// CPU time of this thread: on a shared machine the wall clock also counts time other processes
// took the core, which penalises the longer of two measurements; both are reported.
double CpuMs() {
  timespec t{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
  return t.tv_sec * 1e3 + t.tv_nsec / 1e6;
}

double Median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  return v.size() % 2 ? v[v.size() / 2] : 0.5 * (v[v.size() / 2 - 1] + v[v.size() / 2]);
}

// Five FullConnection layers, 10,058,752 weights (about 40 MB of float32).
std::unique_ptr<graph::Model> Synthetic() {
  prune::GraphBuilder b;
  const int32_t sizes[] = {1024, 2048, 2048, 1024, 1600, 10};
  uint32_t x = b.Input("x", {1, sizes[0]});
  for (int i = 0; i < 5; ++i) {
    const std::string name = "fc" + std::to_string(i);
    const size_t count = static_cast<size_t>(sizes[i]) * static_cast<size_t>(sizes[i + 1]);
    const uint32_t w = b.Constant(name + ".w", {sizes[i + 1], sizes[i]}, prune::PseudoRandom(count, 100 + i, 0.05f));
    x = b.FullConnection(name, x, w, -1, i < 4 ? 1 : 0);
  }
  b.Output(x);
  std::vector<uint8_t> bytes;
  if (!ms::WriteModel(b.graph(), &bytes).ok()) return nullptr;
  std::unique_ptr<graph::Model> model;
  if (!graph::Model::FromBytes(std::move(bytes), &model).ok()) return nullptr;
  return model;
}

}  // namespace

int main(int argc, char** argv) {
  const int runs = argc > 1 ? std::max(1, std::atoi(argv[1])) : 11;
  auto model = Synthetic();
  if (model == nullptr) {
    std::fprintf(stderr, "prune-bench: could not build the synthetic model\n");
    return 1;
  }
  std::vector<Span<const float>> weights;
  size_t params = 0;
  for (const auto& t : model->graph().tensors) {
    if (t.IsFloat32Constant()) {
      weights.push_back(t.Floats());
      params += t.Floats().size();
    }
  }
  const size_t bytes = params * sizeof(float);
  std::printf("synthetic model: 5 FullConnection layers, %zu weights (%.1f MB float32)\n", params, bytes / 1e6);

  prune::PrunePlan plan;
  plan.method = prune::Method::kUnstructured;
  plan.criterion = prune::Criterion::kMagnitude;
  plan.has_sparsity = true;
  plan.sparsity = 0.9;
  plan.scope = prune::Scope::kGlobal;
  plan.keep_first_conv = false;
  plan.keep_last_classifier = false;

  // memcpy of the same bytes into a buffer already touched (no page faults in the timing).
  std::vector<float> src(params), dst(params, 1.0f);
  {
    size_t at = 0;
    for (const auto& w : weights) {
      std::memcpy(src.data() + at, w.data(), w.size() * sizeof(float));
      at += w.size();
    }
  }
  std::vector<double> memcpy_ms, prune_ms, select_ms, sort_ms, memcpy_cpu, prune_cpu, ratios;
  int64_t zeros = 0, expected = 0;
  for (int r = 0; r < runs + 1; ++r) {  // run 0 warms caches and allocators, not recorded
    double c0 = CpuMs();
    auto t0 = Clock::now();
    std::memcpy(dst.data(), src.data(), bytes);
    auto t1 = Clock::now();
    double c1 = CpuMs();
    if (r > 0) {
      memcpy_ms.push_back(Ms(t0, t1));
      memcpy_cpu.push_back(c1 - c0);
    }

    // The whole pruning call: validation, metrics before and after, selection, masking.
    auto copy = model->Clone();
    prune::PruneReport report;
    c0 = CpuMs();
    t0 = Clock::now();
    const Status s = prune::PruneModel(copy.get(), plan, prune::PruneInputs(), &report);
    t1 = Clock::now();
    c1 = CpuMs();
    if (!s.ok()) {
      std::fprintf(stderr, "prune-bench: %s\n", s.message().c_str());
      return 1;
    }
    if (r > 0) {
      prune_ms.push_back(Ms(t0, t1));
      prune_cpu.push_back(c1 - c0);
      // The ratio of the two measured back to back: robust to the machine's speed drifting.
      ratios.push_back(memcpy_ms.back() / prune_ms.back());
    }
    zeros = report.prunable_zeros_after;
    expected = static_cast<int64_t>(prune::TargetCount(0.9, params));

    // Selection alone (the cut), linear time.
    prune::Cut cut;
    t0 = Clock::now();
    if (!prune::FindCut(weights, prune::KeyKind::kMagnitude, prune::TargetCount(0.9, params), &cut).ok()) return 1;
    t1 = Clock::now();
    if (r > 0) select_ms.push_back(Ms(t0, t1));

    // Baseline: the same cut from a full sort of every key, then the same masking.
    if (r <= std::min(runs, 3)) {  // the sort is slow; three runs are enough for its median
      auto base = model->Clone();
      std::vector<Span<const float>> views;
      for (auto& t : base->graph().tensors) {
        if (t.IsFloat32Constant()) views.push_back(t.Floats());
      }
      t0 = Clock::now();
      prune::Cut sorted;
      if (!prune::FindCutBySort(views, prune::KeyKind::kMagnitude, prune::TargetCount(0.9, params), &sorted).ok()) return 1;
      for (auto& t : base->graph().tensors) {
        if (!t.IsFloat32Constant()) continue;
        for (float& v : t.MutableFloats()) v = sorted.Take(prune::MagnitudeKey(v)) ? 0.0f : v;
      }
      t1 = Clock::now();
      if (r > 0) sort_ms.push_back(Ms(t0, t1));
    }
  }
  const double m_memcpy = Median(memcpy_ms), m_prune = Median(prune_ms), m_select = Median(select_ms),
               m_sort = Median(sort_ms), c_memcpy = Median(memcpy_cpu), c_prune = Median(prune_cpu);
  auto line = [&](const char* what, double ms) {
    std::printf("%-46s median %8.2f ms  %7.1f Mparams/s  %6.2f GB/s\n", what, ms, params / ms / 1e3, bytes / ms / 1e6);
  };
  line("memcpy of the weight bytes", m_memcpy);
  line("unstructured prune, global magnitude 0.9", m_prune);
  line("  selection alone (FindCut: sample, count, nth)", m_select);
  line("full-sort baseline (sort keys + mask)", m_sort);
  std::printf("thread CPU time, median: memcpy %.2f ms, prune %.2f ms (ratio %.0f%%)\n", c_memcpy, c_prune,
              100.0 * c_memcpy / c_prune);
  std::printf("exact count: %lld zeros, target %lld (%s)\n", static_cast<long long>(zeros), static_cast<long long>(expected),
              zeros == expected ? "exact" : "MISMATCH");
  const double ratio_memcpy = Median(ratios), ratio_sort = m_sort / m_prune;
  std::printf("summary: prune %.1f Mparams/s (%.2f GB/s), %.0f%% of memcpy throughput (median of per-run ratios; "
              "target >= 25%%: %s; CPU time %.0f%%), %.1fx faster than full sort; %d runs\n",
              params / m_prune / 1e3, bytes / m_prune / 1e6, 100.0 * ratio_memcpy, ratio_memcpy >= 0.25 ? "met" : "NOT met",
              100.0 * c_memcpy / c_prune, ratio_sort, runs);
  return zeros == expected ? 0 : 1;
}
