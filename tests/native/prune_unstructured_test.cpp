// Unstructured and N:M pruning on graphs built in memory: exact counts (global and per layer),
// sparsity 0 changes nothing, biases and kept layers stay, the N:M pattern holds, bad plans fail
// cleanly and leave the graph as it was.
#include <cmath>
#include <cstring>
#include <memory>
#include <vector>

#include "graph/metrics.h"
#include "graph/model.h"
#include "ms/ms_writer.h"
#include "prune/graph_builder.h"
#include "prune/mask_kernels.h"
#include "prune/pruner.h"
#include "testing.h"

using namespace prunelab;
using namespace prunelab::prune;

namespace {

std::string CodeOf(const Status& status) { return ErrorCodeName(status.code()); }

// conv0 (first, kept by default) -> conv1 -> conv2 (depthwise) -> pool -> flatten -> fc1 -> fc2 (last, kept).
std::unique_ptr<graph::Model> SmallCnn(bool with_zeros = false) {
  GraphBuilder b;
  const uint32_t x = b.Input("x", {1, 8, 8, 3});
  auto w = [&](const std::string& name, std::vector<int32_t> dims, uint64_t seed) {
    size_t n = 1;
    for (int32_t d : dims) n *= static_cast<size_t>(d);
    std::vector<float> data = PseudoRandom(n, seed, 0.5f);
    if (with_zeros) {
      for (size_t i = 0; i < n; i += 7) data[i] = 0.0f;
    }
    return b.Constant(name, dims, data);
  };
  uint32_t t = b.Conv("conv0", x, w("conv0.w", {8, 3, 3, 3}, 1), static_cast<int32_t>(w("conv0.b", {8}, 2)), 1, true, 1, 1);
  t = b.Conv("conv1", t, w("conv1.w", {16, 3, 3, 8}, 3), static_cast<int32_t>(w("conv1.b", {16}, 4)), 1, true, 1, 1);
  t = b.Conv("conv2_dw", t, w("conv2.w", {16, 3, 3, 1}, 5), static_cast<int32_t>(w("conv2.b", {16}, 6)), 16, true, 1, 1);
  t = b.MaxPool("pool", t, 2, 2);
  t = b.Transpose("to_nchw", t, {0, 3, 1, 2});
  t = b.Reshape("flatten", t, {1, -1});
  t = b.FullConnection("fc1", t, w("fc1.w", {12, 256}, 7), static_cast<int32_t>(w("fc1.b", {12}, 8)), 1);
  t = b.FullConnection("fc2", t, w("fc2.w", {4, 12}, 9), static_cast<int32_t>(w("fc2.b", {4}, 10)));
  b.Output(t);
  std::vector<uint8_t> bytes;
  if (!ms::WriteModel(b.graph(), &bytes).ok()) return nullptr;
  std::unique_ptr<graph::Model> model;
  if (!graph::Model::FromBytes(std::move(bytes), &model).ok()) return nullptr;
  return model;
}

const graph::Tensor* Find(const graph::Model& m, const std::string& name) {
  for (const auto& t : m.graph().tensors) {
    if (t.name == name) return &t;
  }
  return nullptr;
}

int64_t Zeros(const graph::Model& m, const std::string& name) {
  int64_t z = 0;
  for (float v : Find(m, name)->Floats()) z += v == 0.0f ? 1 : 0;
  return z;
}

bool SameTensors(const graph::Model& a, const graph::Model& b) {
  const auto& ta = a.graph().tensors;
  const auto& tb = b.graph().tensors;
  if (ta.size() != tb.size()) return false;
  for (size_t i = 0; i < ta.size(); ++i) {
    if (ta[i].name != tb[i].name || ta[i].dims != tb[i].dims || ta[i].dtype != tb[i].dtype) return false;
    const ByteSpan x = ta[i].data.bytes(), y = tb[i].data.bytes();
    if (x.size() != y.size() || (x.size() > 0 && std::memcmp(x.data(), y.data(), x.size()) != 0)) return false;
  }
  return true;
}

PrunePlan Unstructured(double sparsity, Scope scope) {
  PrunePlan plan;
  plan.method = Method::kUnstructured;
  plan.criterion = Criterion::kMagnitude;
  plan.has_sparsity = true;
  plan.sparsity = sparsity;
  plan.scope = scope;
  return plan;
}

}  // namespace

TEST(PruneUnstructured, GlobalSparsityIsExact) {
  auto model = SmallCnn();
  REQUIRE(model != nullptr);
  auto original = model->Clone();
  PruneReport report;
  REQUIRE_OK(PruneModel(model.get(), Unstructured(0.9, Scope::kGlobal), PruneInputs(), &report));
  // Prunable: conv1 (1152) + conv2_dw (144) + fc1 (3072); conv0 and fc2 are kept by default.
  const int64_t prunable = 1152 + 144 + 3072;
  CHECK_EQ(report.prunable_weights, prunable);
  const int64_t zeros = Zeros(*model, "conv1.w") + Zeros(*model, "conv2.w") + Zeros(*model, "fc1.w");
  CHECK_EQ(zeros, (prunable * 9 + 5) / 10);
  CHECK_EQ(report.prunable_zeros_after, zeros);
  CHECK_EQ(Zeros(*model, "conv0.w"), 0);
  CHECK_EQ(Zeros(*model, "fc2.w"), 0);
  for (const char* bias : {"conv0.b", "conv1.b", "conv2.b", "fc1.b", "fc2.b"}) {
    const auto a = Find(*model, bias)->Floats();
    const auto b = Find(*original, bias)->Floats();
    CHECK(a.size() == b.size() && std::memcmp(a.data(), b.data(), a.size() * 4) == 0);
  }
  // Everything selected is no larger than everything kept (one global ranking).
  float max_zeroed = 0, min_kept = 1e9f;
  for (const char* name : {"conv1.w", "conv2.w", "fc1.w"}) {
    const auto now = Find(*model, name)->Floats();
    const auto was = Find(*original, name)->Floats();
    for (size_t i = 0; i < now.size(); ++i) {
      if (now[i] == 0.0f) max_zeroed = std::max(max_zeroed, std::fabs(was[i]));
      else min_kept = std::min(min_kept, std::fabs(was[i]));
    }
  }
  CHECK(max_zeroed <= min_kept);
  CHECK_NEAR(report.achieved_sparsity, 0.9, 1.0 / prunable);
  CHECK_EQ(report.before.params, report.after.params);
  CHECK_EQ(report.before.nonzeros - report.after.nonzeros, zeros);
  // The report's "after" numbers are what inspect counts in the pruned model.
  graph::ModelMetrics counted;
  REQUIRE_OK(graph::ComputeMetrics(model->graph(), 0, &counted));
  CHECK_EQ(counted.nonzeros, report.after.nonzeros);
  CHECK_EQ(counted.params, report.after.params);
  CHECK_EQ(counted.macs, report.after.macs);
  for (const auto& layer : report.layers) {
    for (const auto& c : counted.layers) {
      if (c.name == layer.name) CHECK_EQ(c.nonzeros, layer.nonzeros_after);
    }
  }
}

TEST(PruneUnstructured, LargeLayersTakeTheFusedPathExactly) {
  // Layers above the small-input size run the sampled-bracket path; counts stay exact, ties included.
  GraphBuilder b;
  const uint32_t x = b.Input("x", {1, 300});
  std::vector<float> w1 = PseudoRandom(300 * 400, 3, 1.0f), w2 = PseudoRandom(400 * 300, 4, 1.0f);
  for (size_t i = 0; i < w2.size(); ++i) w2[i] = std::round(w2[i] * 8.0f) / 8.0f;  // long runs of ties
  uint32_t t = b.FullConnection("a", x, b.Constant("a.w", {400, 300}, w1), -1);
  t = b.FullConnection("b", t, b.Constant("b.w", {300, 400}, w2), -1);
  t = b.FullConnection("c", t, b.Constant("c.w", {5, 300}, PseudoRandom(1500, 5, 1.0f)), -1);
  b.Output(t);
  for (Scope scope : {Scope::kGlobal, Scope::kLayer}) {
    for (double sparsity : {0.3, 0.9}) {
      std::vector<uint8_t> bytes;
      REQUIRE_OK(ms::WriteModel(b.graph(), &bytes));
      std::unique_ptr<graph::Model> model;
      REQUIRE_OK(graph::Model::FromBytes(std::move(bytes), &model));
      PruneReport report;
      REQUIRE_OK(PruneModel(model.get(), Unstructured(sparsity, scope), PruneInputs(), &report));
      const int64_t za = Zeros(*model, "a.w"), zb = Zeros(*model, "b.w");
      if (scope == Scope::kGlobal) {
        CHECK_EQ(za + zb, static_cast<int64_t>(std::llround(sparsity * 240000)));
      } else {
        CHECK_EQ(za, static_cast<int64_t>(std::llround(sparsity * 120000)));
        CHECK_EQ(zb, static_cast<int64_t>(std::llround(sparsity * 120000)));
      }
      CHECK_EQ(report.prunable_zeros_after, za + zb);
      graph::ModelMetrics counted;
      REQUIRE_OK(graph::ComputeMetrics(model->graph(), 0, &counted));
      CHECK_EQ(counted.nonzeros, report.after.nonzeros);
    }
  }
}

TEST(PruneUnstructured, PerLayerSparsityWithinOne) {
  auto model = SmallCnn();
  REQUIRE(model != nullptr);
  PruneReport report;
  REQUIRE_OK(PruneModel(model.get(), Unstructured(0.9, Scope::kLayer), PruneInputs(), &report));
  for (const auto& [name, count] : std::vector<std::pair<std::string, int64_t>>{{"conv1.w", 1152}, {"conv2.w", 144}, {"fc1.w", 3072}}) {
    const double target = 0.9 * static_cast<double>(count);
    CHECK(std::fabs(static_cast<double>(Zeros(*model, name)) - target) <= 1.0);
  }
  for (const auto& layer : report.layers) {
    if (layer.chosen) CHECK(layer.zeroed > 0);
    else CHECK_EQ(layer.zeroed, 0);
  }
}

TEST(PruneUnstructured, ExistingZerosCountTowardsTheTarget) {
  auto model = SmallCnn(/*with_zeros=*/true);
  REQUIRE(model != nullptr);
  PruneReport report;
  REQUIRE_OK(PruneModel(model.get(), Unstructured(0.9, Scope::kGlobal), PruneInputs(), &report));
  const int64_t prunable = 1152 + 144 + 3072;
  CHECK_EQ(report.prunable_zeros_after, (prunable * 9 + 5) / 10);
}

TEST(PruneUnstructured, SparsityZeroChangesNothing) {
  for (Scope scope : {Scope::kGlobal, Scope::kLayer}) {
    auto model = SmallCnn();
    REQUIRE(model != nullptr);
    auto original = model->Clone();
    PruneReport report;
    REQUIRE_OK(PruneModel(model.get(), Unstructured(0.0, scope), PruneInputs(), &report));
    CHECK(SameTensors(*model, *original));
    std::vector<uint8_t> a, b;
    REQUIRE_OK(model->ToBytes(&a));
    REQUIRE_OK(original->ToBytes(&b));
    CHECK(a == b);
  }
}

TEST(PruneUnstructured, ThresholdZeroesEverythingBelow) {
  auto model = SmallCnn();
  REQUIRE(model != nullptr);
  auto original = model->Clone();
  PrunePlan plan = Unstructured(0, Scope::kLayer);
  plan.has_sparsity = false;
  plan.has_threshold = true;
  plan.threshold = 0.25;
  PruneReport report;
  REQUIRE_OK(PruneModel(model.get(), plan, PruneInputs(), &report));
  const auto now = Find(*model, "fc1.w")->Floats();
  const auto was = Find(*original, "fc1.w")->Floats();
  for (size_t i = 0; i < now.size(); ++i) CHECK(now[i] == (std::fabs(was[i]) < 0.25f ? 0.0f : was[i]));
}

TEST(PruneUnstructured, IncludeExcludeAndOverrides) {
  auto model = SmallCnn();
  REQUIRE(model != nullptr);
  PrunePlan plan = Unstructured(0.5, Scope::kLayer);
  plan.include_layers = {"conv0", "fc1"};  // naming the first conv overrides the default
  plan.exclude_layers = {"fc1"};
  PruneReport report;
  REQUIRE_OK(PruneModel(model.get(), plan, PruneInputs(), &report));
  CHECK_EQ(Zeros(*model, "conv0.w"), 108);  // round(0.5 * 216)
  CHECK_EQ(Zeros(*model, "fc1.w"), 0);
  CHECK_EQ(Zeros(*model, "conv1.w"), 0);

  auto other = SmallCnn();
  REQUIRE(other != nullptr);
  PrunePlan all = Unstructured(0.5, Scope::kLayer);
  all.keep_first_conv = false;
  all.keep_last_classifier = false;
  REQUIRE_OK(PruneModel(other.get(), all, PruneInputs(), &report));
  CHECK_EQ(Zeros(*other, "conv0.w"), 108);
  CHECK_EQ(Zeros(*other, "fc2.w"), 24);
}

TEST(PruneUnstructured, BadPlansLeaveTheModelAlone) {
  auto model = SmallCnn();
  REQUIRE(model != nullptr);
  auto original = model->Clone();
  PruneReport report;
  PrunePlan plan = Unstructured(0.5, Scope::kLayer);
  plan.include_layers = {"no_such_layer"};
  Status s = PruneModel(model.get(), plan, PruneInputs(), &report);
  CHECK_EQ(CodeOf(s), std::string("BAD_ARGUMENT"));
  CHECK(s.message().find("no_such_layer") != std::string::npos);
  CHECK(s.message().find("conv1") != std::string::npos);  // lists the known layers
  plan = Unstructured(std::nan(""), Scope::kLayer);
  CHECK_EQ(CodeOf(PruneModel(model.get(), plan, PruneInputs(), &report)), std::string("BAD_ARGUMENT"));
  plan = Unstructured(1.0, Scope::kLayer);
  CHECK_EQ(CodeOf(PruneModel(model.get(), plan, PruneInputs(), &report)), std::string("BAD_ARGUMENT"));
  plan = Unstructured(0.5, Scope::kLayer);
  plan.criterion = Criterion::kTaylor;  // no gradients
  s = PruneModel(model.get(), plan, PruneInputs(), &report);
  CHECK_EQ(CodeOf(s), std::string("UNSUPPORTED"));
  CHECK(s.message().find("gradient") != std::string::npos);
  CHECK(SameTensors(*model, *original));
}

TEST(PruneUnstructured, TaylorWithGradients) {
  auto model = SmallCnn();
  REQUIRE(model != nullptr);
  PrunePlan plan = Unstructured(0.5, Scope::kLayer);
  plan.criterion = Criterion::kTaylor;
  plan.include_layers = {"fc1"};
  // dL/dw = 1 for the first half of fc1, 0 for the rest: |w*g| keeps exactly the first half.
  std::vector<float> grad(3072, 0.0f);
  for (size_t i = 0; i < 1536; ++i) grad[i] = 1.0f;
  PruneInputs inputs;
  inputs.gradients.push_back({"fc1.w", Span<const float>(grad.data(), grad.size())});
  PruneReport report;
  REQUIRE_OK(PruneModel(model.get(), plan, inputs, &report));
  const auto w = Find(*model, "fc1.w")->Floats();
  int64_t first_half_zeros = 0, second_half_zeros = 0;
  for (size_t i = 0; i < w.size(); ++i) (i < 1536 ? first_half_zeros : second_half_zeros) += w[i] == 0.0f;
  CHECK_EQ(first_half_zeros, 0);
  CHECK_EQ(second_half_zeros, 1536);
}

TEST(PruneUnstructured, RandomBaselineIsSeededAndExact) {
  auto a = SmallCnn();
  auto b = SmallCnn();
  REQUIRE(a != nullptr && b != nullptr);
  PrunePlan plan = Unstructured(0.3, Scope::kGlobal);
  plan.criterion = Criterion::kRandom;
  plan.seed = 7;
  PruneReport ra, rb;
  REQUIRE_OK(PruneModel(a.get(), plan, PruneInputs(), &ra));
  REQUIRE_OK(PruneModel(b.get(), plan, PruneInputs(), &rb));
  CHECK(SameTensors(*a, *b));
  CHECK(ra.prunable_zeros_after >= (ra.prunable_weights * 3 + 5) / 10);
}

TEST(PruneNM, TwoFourPatternHolds) {
  auto model = SmallCnn();
  REQUIRE(model != nullptr);
  auto original = model->Clone();
  PrunePlan plan;
  plan.method = Method::kNM;
  plan.n = 2;
  plan.m = 4;
  PruneReport report;
  REQUIRE_OK(PruneModel(model.get(), plan, PruneInputs(), &report));
  // conv1 OHWI [16,3,3,8]: runs of 4 along I (contiguous); keep the 2 largest |w| of each run.
  const auto w = Find(*model, "conv1.w")->Floats();
  const auto was = Find(*original, "conv1.w")->Floats();
  for (size_t run = 0; run < w.size(); run += 4) {
    int zeros = 0;
    float min_kept = 1e9f, max_dropped = 0;
    for (size_t j = run; j < run + 4; ++j) {
      if (w[j] == 0.0f) {
        ++zeros;
        max_dropped = std::max(max_dropped, std::fabs(was[j]));
      } else {
        min_kept = std::min(min_kept, std::fabs(w[j]));
        CHECK_EQ(w[j], was[j]);
      }
    }
    CHECK_EQ(zeros, 2);
    CHECK(max_dropped <= min_kept);
  }
  // fc1 [12, 256]: runs along the 256 inputs.
  CHECK_EQ(Zeros(*model, "fc1.w"), 12 * 256 / 2);
  // The depthwise conv has one input per filter: left dense, with a note.
  CHECK_EQ(Zeros(*model, "conv2.w"), 0);
  bool noted = false;
  for (const auto& l : report.layers) {
    if (l.name == "conv2_dw") noted = l.note.find("multiple of 4") != std::string::npos;
  }
  CHECK(noted);
}

TEST(PruneNM, GeneralNMAlongTheInputAxisOfMatMul) {
  GraphBuilder b;
  const uint32_t x = b.Input("x", {2, 6});
  // MatMul without transpose_b: weight [in = 6, out = 5]; runs of 3 go down the input axis (stride 5).
  const uint32_t w = b.Constant("w", {6, 5}, PseudoRandom(30, 11, 1.0f));
  const uint32_t y = b.MatMul("mm", x, w, -1, false);
  const uint32_t z = b.MatMul("head", y, b.Constant("w2", {5, 2}, PseudoRandom(10, 12, 1.0f)), -1, false);
  b.Output(z);
  std::vector<uint8_t> bytes;
  REQUIRE_OK(ms::WriteModel(b.graph(), &bytes));
  std::unique_ptr<graph::Model> model;
  REQUIRE_OK(graph::Model::FromBytes(std::move(bytes), &model));
  PrunePlan plan;
  plan.method = Method::kNM;
  plan.n = 1;
  plan.m = 3;
  PruneReport report;
  REQUIRE_OK(PruneModel(model.get(), plan, PruneInputs(), &report));
  const auto wv = Find(*model, "w")->Floats();
  for (int col = 0; col < 5; ++col) {
    for (int run = 0; run < 2; ++run) {
      int nonzero = 0;
      for (int j = 0; j < 3; ++j) nonzero += wv[static_cast<size_t>((run * 3 + j) * 5 + col)] != 0.0f;
      CHECK_EQ(nonzero, 1);
    }
  }
}

TEST(PruneUnstructured, QuantizedWeightsAreRefused) {
  GraphBuilder b;
  const uint32_t x = b.Input("x", {1, 4});
  const uint32_t w = b.Constant("w", {3, 4}, PseudoRandom(12, 1, 1.0f));
  const uint32_t y = b.FullConnection("fc", x, w, -1);
  const uint32_t z = b.FullConnection("head", y, b.Constant("w2", {2, 3}, PseudoRandom(6, 2, 1.0f)), -1);
  b.Output(z);
  graph::Tensor& q = b.graph().tensors[w];
  q.dtype = graph::DataType::kInt8;
  q.data.SetOwned(std::vector<uint8_t>(12, 1));
  q.quant_params.push_back(graph::QuantParam());
  std::vector<uint8_t> bytes;
  REQUIRE_OK(ms::WriteModel(b.graph(), &bytes));
  std::unique_ptr<graph::Model> model;
  REQUIRE_OK(graph::Model::FromBytes(std::move(bytes), &model));
  PruneReport report;
  const Status s = PruneModel(model.get(), Unstructured(0.5, Scope::kLayer), PruneInputs(), &report);
  CHECK_EQ(CodeOf(s), std::string("UNSUPPORTED"));
  CHECK(s.message().find("quantized") != std::string::npos);
  PrunePlan structured;
  structured.method = Method::kStructured;
  structured.criterion = Criterion::kL1;
  structured.has_sparsity = true;
  structured.sparsity = 0.5;
  CHECK_EQ(CodeOf(PruneModel(model.get(), structured, PruneInputs(), &report)), std::string("UNSUPPORTED"));
}

TEST(PruneKernels, VectorAndPortableMaskingAgree) {
  // Signed values, exact zeros, NaN and repeated values; a length that is not a multiple of 4.
  std::vector<float> base = PseudoRandom(40003, 21, 1.0f);
  for (size_t i = 0; i < base.size(); i += 97) base[i] = 0.0f;
  for (size_t i = 5; i < base.size(); i += 1013) base[i] = std::nanf("");
  for (size_t i = 7; i < base.size(); i += 11) base[i] = -0.5f;
  Bracket bracket;
  const std::vector<Span<const float>> views = {Span<const float>(base.data(), base.size())};
  REQUIRE(FindBracket(views, KeyKind::kMagnitude, 36000, &bracket));
  REQUIRE(bracket.lo > MagnitudeKey(0.0f));
  std::vector<float> a = base, b = base;
  std::vector<InsideWeight> in_a, in_b;
  ZeroCounts ca, cb;
  ZeroBelowAndCollect(Span<float>(a.data(), a.size()), 3, bracket, &in_a, &ca);
  ZeroBelowAndCollectPortable(Span<float>(b.data(), b.size()), 3, bracket, &in_b, &cb);
  CHECK(std::memcmp(a.data(), b.data(), a.size() * sizeof(float)) == 0);
  CHECK_EQ(ca.newly_zero, cb.newly_zero);
  CHECK_EQ(ca.zeros, cb.zeros);
  REQUIRE(in_a.size() == in_b.size());
  CHECK_EQ(static_cast<uint64_t>(in_a.size()), bracket.inside);
  for (size_t i = 0; i < in_a.size(); ++i) {
    CHECK_EQ(in_a[i].index, in_b[i].index);
    CHECK_EQ(in_a[i].key, in_b[i].key);
    CHECK_EQ(in_a[i].segment, 3u);
  }
  // What was zeroed is exactly what lay below the bracket; NaN counts as lowest.
  int64_t zeros = 0;
  for (size_t i = 0; i < base.size(); ++i) {
    const bool below = MagnitudeKey(base[i]) < bracket.lo;
    CHECK(a[i] == (below ? 0.0f : base[i]) || (std::isnan(a[i]) && std::isnan(base[i]) && !below));
    zeros += a[i] == 0.0f ? 1 : 0;
  }
  CHECK_EQ(ca.zeros, zeros);
}
