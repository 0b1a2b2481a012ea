// Structured pruning: the channel dependency analysis on small graphs built in memory (chains,
// flatten into FC columns, residual adds, depthwise convolutions, concatenation), the surgery's
// validity (the writer encodes it, the reader reads it back, the engine runs it) and its
// numbers: the pruned model computes what the original computes with the same channels masked
// (filters zeroed and their downstream weights zeroed), within 1e-5. Then the real
// ml_face_isface.ms and the refusals (training graphs, no calibration data).
#include <cmath>
#include <cstdio>
#include <cstring>
#include <memory>
#include <set>
#include <vector>

#include "engine/executor.h"
#include "graph/metrics.h"
#include "graph/model.h"
#include "ms/ms_writer.h"
#include "prune/dependency_graph.h"
#include "prune/graph_builder.h"
#include "prune/layer_metrics.h"
#include "prune/layers.h"
#include "prune/pruner.h"
#include "testing.h"

using namespace prunelab;
using namespace prunelab::prune;

namespace {

std::string CodeOf(const Status& status) { return ErrorCodeName(status.code()); }

Status Encode(const graph::Graph& g, std::unique_ptr<graph::Model>* out) {
  std::vector<uint8_t> bytes;
  PRUNELAB_RETURN_IF_ERROR(ms::WriteModel(g, &bytes));
  return graph::Model::FromBytes(std::move(bytes), out);
}

// Re-encodes and re-reads a model: what a user gets from the written file.
Status RoundTrip(const graph::Model& model, std::unique_ptr<graph::Model>* out) {
  std::vector<uint8_t> bytes;
  PRUNELAB_RETURN_IF_ERROR(model.ToBytes(&bytes));
  return graph::Model::FromBytes(std::move(bytes), out);
}

Status Run(const graph::Model& model, const std::vector<float>& input, std::vector<float>* output,
           engine::Shape* dims = nullptr) {
  std::unique_ptr<engine::Executor> exec;
  PRUNELAB_RETURN_IF_ERROR(engine::Executor::Create(model.graph(), engine::ExecutorOptions(), &exec));
  PRUNELAB_RETURN_IF_ERROR(exec->Prepare());
  engine::RunResult result;
  PRUNELAB_RETURN_IF_ERROR(exec->Run({Span<const float>(input.data(), input.size())}, engine::RunOptions(), &result));
  *output = result.outputs[0].data;
  if (dims != nullptr) *dims = result.outputs[0].dims;
  return Status::Ok();
}

// Zeroes, in the original model, every parameter slice of the channels the report removed.
Status MaskLikeReport(graph::Model* model, const PruneReport& report) {
  graph::Graph& g = model->graph();
  std::vector<std::vector<int32_t>> dims;
  PRUNELAB_RETURN_IF_ERROR(KnownDims(g, &dims));
  DependencyGraph dep;
  PRUNELAB_RETURN_IF_ERROR(DependencyGraph::Build(g, dims, &dep));
  if (dep.groups().size() != report.groups.size()) return Internal("group count differs");
  for (const auto& group : dep.groups()) {
    const auto& removed = report.groups[static_cast<size_t>(group.id)].removed;
    for (const auto& slice : group.slices) {
      if (!slice.constant) continue;
      graph::Tensor& t = g.tensors[slice.tensor];
      Span<float> v = t.MutableFloats();
      int64_t outer = 1, inner = 1;
      for (int a = 0; a < slice.axis; ++a) outer *= t.dims[static_cast<size_t>(a)];
      for (size_t a = static_cast<size_t>(slice.axis) + 1; a < t.dims.size(); ++a) inner *= t.dims[a];
      const int64_t extent = t.dims[static_cast<size_t>(slice.axis)];
      std::vector<int64_t> positions;
      for (int64_t c : removed) ChannelPositions(slice.map, c, &positions);
      for (int64_t o = 0; o < outer; ++o) {
        for (int64_t p : positions) {
          for (int64_t i = 0; i < inner; ++i) v[static_cast<size_t>((o * extent + p) * inner + i)] = 0.0f;
        }
      }
    }
  }
  return Status::Ok();
}

double MaxAbsDiff(const std::vector<float>& a, const std::vector<float>& b) {
  if (a.size() != b.size()) return INFINITY;
  double m = 0;
  for (size_t i = 0; i < a.size(); ++i) m = std::max(m, std::fabs(static_cast<double>(a[i]) - b[i]));
  return m;
}

uint32_t W(GraphBuilder& b, const std::string& name, std::vector<int32_t> dims, uint64_t seed) {
  size_t n = 1;
  for (int32_t d : dims) n *= static_cast<size_t>(d);
  return b.Constant(name, dims, PseudoRandom(n, seed, 0.4f));
}
int32_t Bias(GraphBuilder& b, const std::string& name, int32_t n, uint64_t seed) {
  return static_cast<int32_t>(b.Constant(name, {n}, PseudoRandom(static_cast<size_t>(n), seed, 0.2f)));
}

// stem conv -> [residual block: convA -> convB, + skip] -> depthwise -> BN -> convC -> global pool
// -> reshape -> fc. The stem and convB share one channel set through the add; the depthwise conv
// carries it on to convC's input.
std::unique_ptr<graph::Model> ResidualDepthwise() {
  GraphBuilder b;
  const uint32_t x = b.Input("x", {1, 9, 9, 3});
  const uint32_t stem = b.Conv("stem", x, W(b, "stem.w", {8, 3, 3, 3}, 1), Bias(b, "stem.b", 8, 2), 1, true, 1, 1);
  const uint32_t a = b.Conv("convA", stem, W(b, "convA.w", {6, 3, 3, 8}, 3), Bias(b, "convA.b", 6, 4), 1, true, 1, 1);
  const uint32_t bb = b.Conv("convB", a, W(b, "convB.w", {8, 1, 1, 6}, 5), Bias(b, "convB.b", 8, 6), 1, true);
  const uint32_t sum = b.Add("skip_add", bb, stem, 1);
  const uint32_t dw = b.Conv("dw", sum, W(b, "dw.w", {8, 3, 3, 1}, 7), Bias(b, "dw.b", 8, 8), 8, true, 2, 3);
  std::vector<float> mean = PseudoRandom(8, 9, 0.1f), var = PseudoRandom(8, 10, 0.5f);
  for (float& v : var) v = std::fabs(v) + 0.5f;
  const uint32_t bn = b.BatchNorm("bn", dw, b.Constant("bn.mean", {8}, mean), b.Constant("bn.var", {8}, var), 1e-5f);
  const uint32_t c = b.Conv("convC", bn, W(b, "convC.w", {12, 3, 3, 8}, 11), Bias(b, "convC.b", 12, 12), 1, true, 1, 1);
  const uint32_t pooled = b.GlobalAvgPool("gap", c);
  const uint32_t flat = b.Reshape("flat", pooled, {1, 12});
  const uint32_t out = b.FullConnection("fc", flat, W(b, "fc.w", {5, 12}, 13), Bias(b, "fc.b", 5, 14));
  b.Output(out);
  std::unique_ptr<graph::Model> model;
  if (!Encode(b.graph(), &model).ok()) return nullptr;
  return model;
}

// Two branches concatenated on channels, then a conv, max pool, NCHW flatten and two FC layers.
std::unique_ptr<graph::Model> ConcatFlatten() {
  GraphBuilder b;
  const uint32_t x = b.Input("x", {1, 6, 6, 2});
  const uint32_t l = b.Conv("left", x, W(b, "left.w", {4, 3, 3, 2}, 21), Bias(b, "left.b", 4, 22), 1, true, 1, 1);
  const uint32_t r = b.Conv("right", x, W(b, "right.w", {6, 1, 1, 2}, 23), Bias(b, "right.b", 6, 24), 1, true, 1, 1);
  const uint32_t cat = b.Concat("cat", {l, r}, 3);
  const uint32_t c = b.Conv("mix", cat, W(b, "mix.w", {8, 3, 3, 10}, 25), Bias(b, "mix.b", 8, 26), 1, false, 1, 1);
  const uint32_t p = b.MaxPool("pool", c, 2, 2);                                  // [1,2,2,8]
  const uint32_t t = b.Transpose("to_nchw", p, {0, 3, 1, 2});
  const uint32_t f = b.Reshape("flatten", t, {1, 32});                          // explicit extent: rewritten
  const uint32_t h = b.FullConnection("fc1", f, W(b, "fc1.w", {7, 32}, 27), Bias(b, "fc1.b", 7, 28), 1);
  const uint32_t y = b.FullConnection("fc2", h, W(b, "fc2.w", {3, 7}, 29), Bias(b, "fc2.b", 3, 30));
  b.Output(y);
  std::unique_ptr<graph::Model> model;
  if (!Encode(b.graph(), &model).ok()) return nullptr;
  return model;
}

PrunePlan Structured(double sparsity, Criterion criterion = Criterion::kL1) {
  PrunePlan plan;
  plan.method = Method::kStructured;
  plan.criterion = criterion;
  plan.has_sparsity = true;
  plan.sparsity = sparsity;
  return plan;
}

const graph::Tensor* Find(const graph::Model& m, const std::string& name) {
  for (const auto& t : m.graph().tensors) {
    if (t.name == name) return &t;
  }
  return nullptr;
}

const GroupReport* GroupWithRoot(const PruneReport& r, const std::string& root) {
  for (const auto& g : r.groups) {
    for (const auto& name : g.roots) {
      if (name == root) return &g;
    }
  }
  return nullptr;
}

// Prunes a clone with `plan`, checks the result re-encodes, runs, keeps the output shape and
// equals the masked original within 1e-5. Returns the report.
void CheckPrunedEqualsMasked(const graph::Model& original, const PrunePlan& plan, const std::vector<float>& input,
                             PruneReport* report) {
  auto pruned = original.Clone();
  REQUIRE_OK(PruneModel(pruned.get(), plan, PruneInputs(), report));
  REQUIRE_OK(pruned->graph().Validate());
  std::unique_ptr<graph::Model> reread;
  REQUIRE_OK(RoundTrip(*pruned, &reread));
  auto masked = original.Clone();
  REQUIRE_OK(MaskLikeReport(masked.get(), *report));
  std::vector<float> a, b, full;
  engine::Shape da, db;
  REQUIRE_OK(Run(*reread, input, &a, &da));
  REQUIRE_OK(Run(*masked, input, &b, &db));
  REQUIRE_OK(Run(original, input, &full));
  CHECK(da == db);
  CHECK(MaxAbsDiff(a, b) <= 1e-5);
  CHECK(report->removed_channels > 0);
  CHECK(MaxAbsDiff(a, full) > 0.0);  // pruning did change something
  CHECK(report->after.params < report->before.params);
  CHECK(report->after.macs < report->before.macs);
}

}  // namespace

TEST(PruneDependency, ResidualAndDepthwiseGroups) {
  auto model = ResidualDepthwise();
  REQUIRE(model != nullptr);
  const graph::Graph& g = model->graph();
  std::vector<std::vector<int32_t>> dims;
  REQUIRE_OK(KnownDims(g, &dims));
  DependencyGraph dep;
  REQUIRE_OK(DependencyGraph::Build(g, dims, &dep));
  auto names = [&](const std::vector<uint32_t>& nodes) {
    std::set<std::string> out;
    for (uint32_t n : nodes) out.insert(g.nodes[n].name);
    return out;
  };
  // stem + convB share channels through the add; the depthwise conv carries them to convC.
  const ChannelGroup* shared = nullptr;
  for (const auto& group : dep.groups()) {
    if (names(group.roots).count("stem")) shared = &group;
  }
  REQUIRE(shared != nullptr);
  CHECK(shared->prunable);
  CHECK(names(shared->roots) == (std::set<std::string>{"stem", "convB"}));
  CHECK(names(shared->consumers) == (std::set<std::string>{"convA", "convC"}));
  CHECK(names(shared->coupled) == (std::set<std::string>{"dw"}));
  std::set<std::string> sliced;
  for (const auto& s : shared->slices) {
    if (s.constant) sliced.insert(g.tensors[s.tensor].name);
  }
  CHECK(sliced == (std::set<std::string>{"stem.w", "stem.b", "convB.w", "convB.b", "convA.w", "dw.w", "dw.b",
                                        "bn.mean", "bn.var", "convC.w"}));
  // The last layer's channels reach the graph output.
  const ChannelGroup* head = nullptr;
  for (const auto& group : dep.groups()) {
    if (names(group.roots).count("fc")) head = &group;
  }
  REQUIRE(head != nullptr);
  CHECK(!head->prunable);
  CHECK(head->reason.find("graph output") != std::string::npos);
}

TEST(PruneDependency, ConcatOffsetsAndFlattenBlocks) {
  auto model = ConcatFlatten();
  REQUIRE(model != nullptr);
  const graph::Graph& g = model->graph();
  std::vector<std::vector<int32_t>> dims;
  REQUIRE_OK(KnownDims(g, &dims));
  DependencyGraph dep;
  REQUIRE_OK(DependencyGraph::Build(g, dims, &dep));
  for (const auto& group : dep.groups()) {
    const std::string root = g.nodes[group.roots[0]].name;
    for (const auto& s : group.slices) {
      const std::string t = g.tensors[s.tensor].name;
      if (root == "right" && t == "mix.w") {
        CHECK_EQ(s.axis, 3);
        CHECK_EQ(s.map.offset, 4);  // after the 4 channels of "left"
      }
      if (root == "mix" && t == "fc1.w") {
        CHECK_EQ(s.axis, 1);
        CHECK_EQ(s.map.block, 4);  // H*W = 2*2 columns per channel
      }
    }
    if (root == "mix") CHECK_EQ(group.shape_fixes.size(), size_t{1});
  }
}

TEST(PruneStructured, ResidualDepthwiseEqualsMaskedOriginal) {
  auto model = ResidualDepthwise();
  REQUIRE(model != nullptr);
  const std::vector<float> input = PseudoRandom(243, 99, 1.0f);
  PrunePlan plan = Structured(0.5);
  plan.keep_first_conv = false;  // the stem anchors the residual group
  PruneReport report;
  CheckPrunedEqualsMasked(*model, plan, input, &report);
  const GroupReport* shared = GroupWithRoot(report, "stem");
  REQUIRE(shared != nullptr);
  CHECK_EQ(shared->removed.size(), size_t{4});
  // Every tensor of the residual group lost the same 4 channels.
  auto pruned = model->Clone();
  REQUIRE_OK(PruneModel(pruned.get(), plan, PruneInputs(), &report));
  CHECK(Find(*pruned, "stem.w")->dims == (std::vector<int32_t>{4, 3, 3, 3}));
  CHECK(Find(*pruned, "convB.w")->dims == (std::vector<int32_t>{4, 1, 1, 3}));  // and convA lost half of 6
  CHECK(Find(*pruned, "convA.w")->dims == (std::vector<int32_t>{3, 3, 3, 4}));
  CHECK(Find(*pruned, "dw.w")->dims == (std::vector<int32_t>{4, 3, 3, 1}));
  CHECK(Find(*pruned, "bn.var")->dims == (std::vector<int32_t>{4}));
  CHECK(Find(*pruned, "convC.w")->dims == (std::vector<int32_t>{6, 3, 3, 4}));
  CHECK(Find(*pruned, "fc.w")->dims == (std::vector<int32_t>{5, 6}));
  for (const auto& node : pruned->graph().nodes) {
    if (node.name == "dw") {
      CHECK_EQ(node.Int("group"), 4);
      CHECK_EQ(node.Int("in_channel"), 4);
      CHECK_EQ(node.Int("out_channel"), 4);
    }
    if (node.name == "convC") {
      CHECK_EQ(node.Int("in_channel"), 4);
      CHECK_EQ(node.Int("out_channel"), 6);
    }
  }
}

TEST(PruneStructured, ConcatFlattenEqualsMaskedOriginal) {
  auto model = ConcatFlatten();
  REQUIRE(model != nullptr);
  const std::vector<float> input = PseudoRandom(72, 98, 1.0f);
  PrunePlan plan = Structured(0.5, Criterion::kL2);
  plan.keep_first_conv = false;
  PruneReport report;
  CheckPrunedEqualsMasked(*model, plan, input, &report);
  auto pruned = model->Clone();
  REQUIRE_OK(PruneModel(pruned.get(), plan, PruneInputs(), &report));
  CHECK(Find(*pruned, "mix.w")->dims == (std::vector<int32_t>{4, 3, 3, 5}));
  CHECK(Find(*pruned, "fc1.w")->dims == (std::vector<int32_t>{3, 16}));  // 4 columns per removed channel of mix
  const graph::Tensor* shape = Find(*pruned, "flatten_shape");
  REQUIRE(shape != nullptr);
  int32_t extent = 0;
  std::memcpy(&extent, shape->data.bytes().data() + 4, 4);
  CHECK_EQ(extent, 16);
}

TEST(PruneStructured, GlobalScopeRoundToAndThreshold) {
  auto model = ResidualDepthwise();
  REQUIRE(model != nullptr);
  const std::vector<float> input = PseudoRandom(243, 97, 1.0f);
  PrunePlan plan = Structured(0.4);
  plan.scope = Scope::kGlobal;
  plan.keep_first_conv = false;
  PruneReport report;
  CheckPrunedEqualsMasked(*model, plan, input, &report);
  // One ranking across groups: round(0.4 * prunable channels) are removed, except that a group
  // never loses its last channel.
  const int64_t target = static_cast<int64_t>(std::llround(0.4 * static_cast<double>(report.prunable_channels)));
  int64_t down_to_one = 0;
  for (const auto& g : report.groups) down_to_one += g.channels - static_cast<int64_t>(g.removed.size()) == 1 ? 1 : 0;
  if (down_to_one == 0) CHECK_EQ(report.removed_channels, target);
  CHECK(report.removed_channels <= target);

  PrunePlan rounded = Structured(0.3);
  rounded.keep_first_conv = false;
  rounded.round_to = 4;
  CheckPrunedEqualsMasked(*model, rounded, input, &report);
  for (const auto& g : report.groups) {
    if (!g.removed.empty()) CHECK_EQ((g.channels - static_cast<int64_t>(g.removed.size())) % 4, 0);
  }

  PrunePlan threshold = Structured(0);
  threshold.has_sparsity = false;
  threshold.has_threshold = true;
  threshold.threshold = 1e9;  // everything is below: each group keeps one channel
  threshold.keep_first_conv = false;
  CheckPrunedEqualsMasked(*model, threshold, input, &report);
  for (const auto& g : report.groups) {
    if (!g.removed.empty()) CHECK_EQ(g.channels - static_cast<int64_t>(g.removed.size()), 1);
  }
}

TEST(PruneStructured, ActivationCriteria) {
  auto model = ResidualDepthwise();
  REQUIRE(model != nullptr);
  PruneReport report;
  auto copy = model->Clone();
  Status s = PruneModel(copy.get(), Structured(0.5, Criterion::kApoz), PruneInputs(), &report);
  CHECK_EQ(CodeOf(s), std::string("BAD_ARGUMENT"));
  CHECK(s.message().find("calibration") != std::string::npos);
  const std::vector<float> samples = PseudoRandom(243 * 5, 96, 1.0f);
  std::vector<float> odd(samples.begin(), samples.end() - 1);
  PruneInputs bad;
  bad.samples = Span<const float>(odd.data(), odd.size());
  CHECK_EQ(CodeOf(PruneModel(copy.get(), Structured(0.5, Criterion::kActivationMean), bad, &report)),
           std::string("BAD_ARGUMENT"));
  PruneInputs inputs;
  inputs.samples = Span<const float>(samples.data(), samples.size());
  for (Criterion c : {Criterion::kActivationMean, Criterion::kApoz}) {
    auto pruned = model->Clone();
    PrunePlan plan = Structured(0.5, c);
    plan.keep_first_conv = false;
    REQUIRE_OK(PruneModel(pruned.get(), plan, inputs, &report));
    CHECK(report.removed_channels > 0);
    std::vector<float> out;
    REQUIRE_OK(Run(*pruned, std::vector<float>(samples.begin(), samples.begin() + 243), &out));
    CHECK_EQ(out.size(), size_t{5});
  }
}

TEST(PruneStructured, TrainingGraphIsRefused) {
  GraphBuilder b;
  const uint32_t x = b.Input("x", {1, 4, 4, 2});
  const uint32_t c = b.Conv("conv", x, W(b, "w", {4, 1, 1, 2}, 1), -1, 1, true);
  const uint32_t y = b.Conv("conv2", c, W(b, "w2", {2, 1, 1, 4}, 2), -1, 1, true);
  b.Output(y);
  graph::Node adam;  // an optimizer node makes it a training graph
  adam.name = "Default/optimizer-Adam/Adam-op1";
  adam.op_type = graph::op::kAdam;
  adam.inputs = {1};
  adam.outputs = {b.Constant("adam_out", {1}, {0.0f})};
  b.graph().nodes.push_back(adam);
  std::unique_ptr<graph::Model> model;
  REQUIRE_OK(Encode(b.graph(), &model));
  REQUIRE(model->graph().IsTrainingGraph());
  auto before = model->Clone();
  PruneReport report;
  const Status s = PruneModel(model.get(), Structured(0.5), PruneInputs(), &report);
  CHECK_EQ(CodeOf(s), std::string("UNSUPPORTED"));
  CHECK(s.message().find("training graph") != std::string::npos);
  std::vector<uint8_t> x1, x2;
  REQUIRE_OK(model->ToBytes(&x1));
  REQUIRE_OK(before->ToBytes(&x2));
  CHECK(x1 == x2);
}

TEST(PruneStructured, FixtureTrainingGraphsAreRefused) {
  const std::string dir = prunelab_test::FixtureDir();
  if (dir.empty()) SKIP("shared fixtures not found");
  for (const char* name : {"lenet_train.ms", "conv_train_model.ms"}) {
    std::vector<uint8_t> bytes;
    REQUIRE(prunelab_test::ReadFile(dir + "/" + name, &bytes));
    std::unique_ptr<graph::Model> model;
    REQUIRE_OK(graph::Model::FromBytes(bytes, &model));
    PruneReport report;
    PrunePlan plan = Structured(0.5);
    CHECK_EQ(CodeOf(PruneModel(model.get(), plan, PruneInputs(), &report)), std::string("UNSUPPORTED"));
  }
}

TEST(PruneStructured, FaceModelHalfTheConvChannelsByL1) {
  const std::string dir = prunelab_test::FixtureDir();
  if (dir.empty()) SKIP("shared fixtures not found");
  std::vector<uint8_t> bytes, input_bytes;
  REQUIRE(prunelab_test::ReadFile(dir + "/ml_face_isface.ms", &bytes));
  REQUIRE(prunelab_test::ReadFile(dir + "/ml_face_isface_0.input", &input_bytes));
  const size_t file_size = bytes.size();
  std::unique_ptr<graph::Model> model;
  REQUIRE_OK(graph::Model::FromBytes(bytes, &model));
  // The reference input is NCHW [1,3,48,48]; the graph takes NHWC.
  std::vector<float> nchw(input_bytes.size() / 4), input(nchw.size());
  std::memcpy(nchw.data(), input_bytes.data(), input_bytes.size());
  for (int c = 0; c < 3; ++c)
    for (int h = 0; h < 48; ++h)
      for (int w = 0; w < 48; ++w) input[static_cast<size_t>((h * 48 + w) * 3 + c)] = nchw[static_cast<size_t>((c * 48 + h) * 48 + w)];

  PruneReport report;
  CheckPrunedEqualsMasked(*model, Structured(0.5), input, &report);
  auto pruned = model->Clone();
  REQUIRE_OK(PruneModel(pruned.get(), Structured(0.5), PruneInputs(), &report));
  std::vector<uint8_t> out_bytes;
  REQUIRE_OK(pruned->ToBytes(&out_bytes));
  CHECK(out_bytes.size() < file_size);
  // conv1 kept (first conv), conv2..conv4 lose half, fc5 lost 9 columns per removed conv4 channel.
  int64_t conv_channels = 0, conv_removed = 0, conv4_removed = -1;
  for (const auto& layer : report.layers) {
    if (layer.op != "Conv2DFusion") continue;
    if (layer.name == "conv1") {
      CHECK(!layer.chosen);
      CHECK(layer.removed_channels.empty());
      continue;
    }
    conv_channels += layer.out_channels_before;
    conv_removed += static_cast<int64_t>(layer.removed_channels.size());
    CHECK_EQ(layer.out_channels_after, layer.out_channels_before - static_cast<int64_t>(layer.removed_channels.size()));
    if (layer.name == "conv4") conv4_removed = static_cast<int64_t>(layer.removed_channels.size());
  }
  CHECK_EQ(conv_channels, 32 + 64 + 128);
  CHECK_EQ(conv_removed, conv_channels / 2);
  REQUIRE(conv4_removed == 64);
  const graph::Tensor* fc5 = Find(*pruned, "fc5/input-1");
  REQUIRE(fc5 != nullptr);
  CHECK_EQ(static_cast<int64_t>(fc5->dims[1]), 1152 - 9 * conv4_removed);
  // The report's totals are what inspect's count of the original and the written model finds.
  std::unique_ptr<graph::Model> reread;
  REQUIRE_OK(graph::Model::FromBytes(out_bytes, &reread));
  graph::ModelMetrics before, after;
  REQUIRE_OK(graph::ComputeMetrics(model->graph(), file_size, &before));
  REQUIRE_OK(graph::ComputeMetrics(reread->graph(), out_bytes.size(), &after));
  CHECK_EQ(before.params, report.before.params);
  CHECK_EQ(before.macs, report.before.macs);
  CHECK_EQ(after.params, report.after.params);
  CHECK_EQ(after.nonzeros, report.after.nonzeros);
  CHECK_EQ(after.macs, report.after.macs);
  CHECK(after.macs_complete);

  std::vector<float> out;
  engine::Shape out_dims;
  REQUIRE_OK(Run(*reread, input, &out, &out_dims));
  CHECK(out_dims == (engine::Shape{1, 2}));
}

TEST(PruneStructured, LenetMatMulFlattenEqualsMaskedOriginal) {
  // Converter-made LeNet: Transpose(0,3,1,2) + Reshape with an explicit [2, 400] shape into
  // MatMulFusion (transpose_b, bias as third input).
  const std::string dir = prunelab_test::FixtureDir();
  if (dir.empty()) SKIP("shared fixtures not found");
  std::vector<uint8_t> bytes;
  REQUIRE(prunelab_test::ReadFile(dir + "/lenet_tod_infer.ms", &bytes));
  std::unique_ptr<graph::Model> model;
  REQUIRE_OK(graph::Model::FromBytes(bytes, &model));
  const std::vector<float> input = PseudoRandom(2 * 32 * 32, 95, 1.0f);
  PrunePlan plan = Structured(0.5);
  plan.keep_first_conv = false;
  PruneReport report;
  CheckPrunedEqualsMasked(*model, plan, input, &report);
  auto pruned = model->Clone();
  REQUIRE_OK(PruneModel(pruned.get(), plan, PruneInputs(), &report));
  // conv2 keeps 8 of 16 channels: the first MatMul keeps 8 * 5 * 5 = 200 columns, and the
  // reshape's output says so (its shape constant is [2, -1], left as it is).
  const graph::Tensor* fc1 = Find(*pruned, "fc1.weight");
  REQUIRE(fc1 != nullptr);
  CHECK(fc1->dims == (std::vector<int32_t>{60, 200}));
  for (const auto& node : pruned->graph().nodes) {
    if (node.op_type != graph::op::kReshape) continue;
    const graph::Tensor& shape = pruned->graph().tensors[node.inputs[1]];
    int32_t values[2] = {0, 0};
    REQUIRE(shape.data.size() == sizeof values);
    std::memcpy(values, shape.data.bytes().data(), sizeof values);
    CHECK(values[1] == -1 || values[1] == 200);
    CHECK(pruned->graph().tensors[node.outputs[0]].dims == (std::vector<int32_t>{2, 200}));
  }
}

TEST(PruneMetrics, SameNumbersAsInspectOnEveryFixture) {
  // The report's counts mirror graph::ComputeMetrics (what `inspect` prints), node by node.
  const std::string dir = prunelab_test::FixtureDir();
  if (dir.empty()) SKIP("shared fixtures not found");
  for (const char* name : {"ml_face_isface.ms", "lenet_tod_infer.ms", "lenet_train.ms", "conv_train_model.ms",
                           "parallel.ms", "two_add_operators.ms"}) {
    std::vector<uint8_t> bytes;
    REQUIRE(prunelab_test::ReadFile(dir + "/" + name, &bytes));
    std::unique_ptr<graph::Model> model;
    REQUIRE_OK(graph::Model::FromBytes(bytes, &model));
    graph::ModelMetrics inspect;
    REQUIRE_OK(graph::ComputeMetrics(model->graph(), bytes.size(), &inspect));
    ModelCost mine;
    MeasureModel(model->graph(), nullptr, &mine);
    CHECK_EQ(mine.totals.params, inspect.params);
    CHECK_EQ(mine.totals.nonzeros, inspect.nonzeros);
    CHECK_EQ(mine.totals.macs, inspect.macs);
    for (const auto& layer : inspect.layers) {
      CHECK_EQ(mine.per_node[layer.node].params, layer.params);
      CHECK_EQ(mine.per_node[layer.node].nonzeros, layer.nonzeros);
      CHECK_EQ(mine.per_node[layer.node].macs, layer.macs);
    }
  }
}
