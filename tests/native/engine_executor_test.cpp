// The executor on small graphs built in memory: a CNN chain against the composition of the
// reference kernels, batch override, threads, hooks (observer, timing, progress, cancel), live
// weight edits, memory reuse, and the refusals (unsupported ops, training graphs, bad inputs).
#include <atomic>
#include <cmath>
#include <cstring>
#include <memory>
#include <random>
#include <string>
#include <vector>

#include "engine/executor.h"
#include "engine/kernels/window.h"
#include "engine/reference/conv2d_ref.h"
#include "engine/reference/gemm_ref.h"
#include "engine/reference/pooling_ref.h"
#include "engine/reference/transpose_ref.h"
#include "graph/model.h"
#include "graph/types.h"
#include "ms/ms_writer.h"
#include "testing.h"

using namespace prunelab;
using namespace prunelab::engine;
namespace op = graph::op;

namespace {

std::vector<float> Random(size_t n, uint32_t seed) {
  std::mt19937 rng(seed);
  std::uniform_real_distribution<float> dist(-1.0f, 1.0f);
  std::vector<float> v(n);
  for (float& x : v) x = dist(rng);
  return v;
}

class Builder {
 public:
  uint32_t Input(const std::string& name, Shape dims) {
    const uint32_t t = Tensor(name, dims);
    g.inputs.push_back(t);
    return t;
  }
  uint32_t Const(const std::string& name, Shape dims, const std::vector<float>& values) {
    const uint32_t t = Tensor(name, dims);
    g.tensors[t].role = graph::tensor_role::kConstant;
    std::vector<uint8_t> bytes(values.size() * 4);
    std::memcpy(bytes.data(), values.data(), bytes.size());
    g.tensors[t].data.SetOwned(std::move(bytes));
    return t;
  }
  uint32_t Ints(const std::string& name, const std::vector<int32_t>& values) {
    const uint32_t t = Tensor(name, {static_cast<int32_t>(values.size())});
    g.tensors[t].role = graph::tensor_role::kConstant;
    g.tensors[t].dtype = graph::DataType::kInt32;
    std::vector<uint8_t> bytes(values.size() * 4);
    std::memcpy(bytes.data(), values.data(), bytes.size());
    g.tensors[t].data.SetOwned(std::move(bytes));
    return t;
  }
  graph::Node& Node(int32_t type, const std::string& name, std::vector<uint32_t> inputs, uint32_t* output) {
    *output = Tensor(name + ":0", {});
    graph::Node node;
    node.op_type = type;
    node.name = name;
    node.inputs = std::move(inputs);
    node.outputs = {*output};
    g.nodes.push_back(node);
    return g.nodes.back();
  }
  graph::Graph g;

 private:
  uint32_t Tensor(const std::string& name, Shape dims) {
    graph::Tensor t;
    t.name = name;
    t.dims = std::move(dims);
    t.format = graph::format::kNHWC;
    g.tensors.push_back(std::move(t));
    return static_cast<uint32_t>(g.tensors.size() - 1);
  }
};

// input [N,6,6,2] -> conv 3x3 SAME (4, ReLU) -> maxpool 2x2 -> transpose NCHW -> reshape [N,-1]
// -> FC (36 -> 3) -> softmax.
struct SmallCnn {
  Builder b;
  std::vector<float> conv_w = Random(4 * 3 * 3 * 2, 1), conv_b = Random(4, 2), fc_w = Random(3 * 36, 3),
                     fc_b = Random(3, 4);
  uint32_t conv_w_tensor = 0;
  SmallCnn() {
    uint32_t x = b.Input("x", {1, 6, 6, 2}), t = 0;
    conv_w_tensor = b.Const("conv.w", {4, 3, 3, 2}, conv_w);
    graph::Node& conv = b.Node(op::kConv2DFusion, "conv", {x, conv_w_tensor, b.Const("conv.b", {4}, conv_b)}, &t);
    conv.SetInts("kernel_size", {3, 3});
    conv.SetInt("pad_mode", graph::pad_mode::kSame);
    conv.SetInt("group", 1);
    conv.SetInt("activation_type", graph::activation::kRelu);
    uint32_t pooled = 0;
    graph::Node& pool = b.Node(op::kMaxPoolFusion, "pool", {t}, &pooled);
    pool.SetInts("kernel_size", {2, 2});
    pool.SetInts("strides", {2, 2});
    uint32_t nchw = 0, flat = 0, logits = 0, prob = 0;
    b.Node(op::kTranspose, "to_nchw", {pooled, b.Ints("perm", {0, 3, 1, 2})}, &nchw);
    b.Node(op::kReshape, "flatten", {nchw, b.Ints("shape", {1, -1})}, &flat);
    b.Node(op::kFullConnection, "fc", {flat, b.Const("fc.w", {3, 36}, fc_w), b.Const("fc.b", {3}, fc_b)}, &logits);
    b.Node(op::kSoftmax, "prob", {logits}, &prob);
    b.g.outputs = {prob};
  }

  // The same computation from the reference kernels, one sample.
  std::vector<float> Expected(const std::vector<float>& x) const {
    kernels::Conv2DGeometry g;
    g.in_h = g.in_w = 6;
    g.in_c = 2;
    g.out_h = g.out_w = 6;
    g.out_c = 4;
    g.kernel_h = g.kernel_w = 3;
    g.pad_top = g.pad_left = 1;
    ActivationParams relu;
    relu.type = graph::activation::kRelu;
    std::vector<float> conv(144), pooled(36), nchw(36), logits(3);
    (void)reference::Conv2D(g, Span<const float>(x), Span<const float>(conv_w), Span<const float>(conv_b), relu, Span<float>(conv));
    kernels::Pool2DGeometry p;
    p.in_h = p.in_w = 6;
    p.channels = 4;
    p.out_h = p.out_w = 3;
    p.kernel_h = p.kernel_w = p.stride_h = p.stride_w = 2;
    (void)reference::Pool2D(kernels::PoolKind::kMax, p, Span<const float>(conv), ActivationParams(), Span<float>(pooled));
    (void)reference::Transpose(Shape{1, 3, 3, 4}, {0, 3, 1, 2}, Span<const float>(pooled), Span<float>(nchw));
    kernels::GemmArgs args;
    args.m = 1;
    args.n = 3;
    args.k = 36;
    args.a = Span<const float>(nchw);
    args.lda = 36;
    args.b = Span<const float>(fc_w);
    args.ldb = 36;
    args.b_transposed = true;
    args.c = Span<float>(logits);
    args.ldc = 3;
    args.bias = Span<const float>(fc_b);
    (void)reference::Gemm(args);
    const float peak = std::max(logits[0], std::max(logits[1], logits[2]));
    double sum = 0;
    for (float& v : logits) sum += (v = std::exp(v - peak));
    for (float& v : logits) v = static_cast<float>(v / sum);
    return logits;
  }
};

}  // namespace

TEST(EngineExecutor, SmallCnnMatchesReferenceComposition) {
  SmallCnn cnn;
  for (int threads : {1, 2}) {
    std::unique_ptr<Executor> exec;
    ExecutorOptions options;
    options.threads = threads;
    REQUIRE_OK(Executor::Create(cnn.b.g, options, &exec));
    REQUIRE_OK(exec->Prepare());
    const std::vector<float> x = Random(72, 9);
    RunResult result;
    REQUIRE_OK(exec->Run({Span<const float>(x)}, RunOptions(), &result));
    REQUIRE(result.outputs.size() == 1);
    CHECK(result.outputs[0].dims == (Shape{1, 3}));
    CHECK_EQ(result.outputs[0].name, std::string("prob:0"));
    const std::vector<float> expected = cnn.Expected(x);
    for (size_t i = 0; i < 3; ++i) CHECK_NEAR(result.outputs[0].data[i], expected[i], 1e-5);
  }
}

TEST(EngineExecutor, BatchOverrideRunsEachSampleIndependently) {
  SmallCnn cnn;
  std::unique_ptr<Executor> exec;
  REQUIRE_OK(Executor::Create(cnn.b.g, ExecutorOptions(), &exec));
  const std::vector<Shape> dims = {{3, 6, 6, 2}};
  REQUIRE_OK(exec->Prepare(&dims));  // the reshape constant [1,-1] follows the batch
  const std::vector<float> x = Random(3 * 72, 10);
  RunResult result;
  REQUIRE_OK(exec->Run({Span<const float>(x)}, RunOptions(), &result));
  CHECK(result.outputs[0].dims == (Shape{3, 3}));
  for (size_t n = 0; n < 3; ++n) {
    const std::vector<float> sample(x.begin() + static_cast<std::ptrdiff_t>(n * 72), x.begin() + static_cast<std::ptrdiff_t>((n + 1) * 72));
    const std::vector<float> expected = cnn.Expected(sample);
    for (size_t i = 0; i < 3; ++i) CHECK_NEAR(result.outputs[0].data[n * 3 + i], expected[i], 1e-5);
  }
}

TEST(EngineExecutor, HooksTimingProgressAndCancel) {
  SmallCnn cnn;
  std::unique_ptr<Executor> exec;
  REQUIRE_OK(Executor::Create(cnn.b.g, ExecutorOptions(), &exec));
  REQUIRE_OK(exec->Prepare());
  const std::vector<float> x = Random(72, 11);
  std::vector<std::string> seen;
  std::vector<Shape> seen_dims;
  size_t last_done = 0, total = 0;
  RunOptions options;
  options.time_ops = true;
  options.observe = [&](const graph::Node& node, uint32_t, Span<const float> data, const Shape& dims) {
    seen.push_back(node.name);
    seen_dims.push_back(dims);
    CHECK_EQ(static_cast<int64_t>(data.size()), ElementCount(dims));
  };
  options.progress = [&](size_t done, size_t all) {
    CHECK_EQ(done, last_done + 1);
    last_done = done;
    total = all;
  };
  RunResult result;
  REQUIRE_OK(exec->Run({Span<const float>(x)}, options, &result));
  CHECK_EQ(seen.size(), 6u);
  CHECK_EQ(seen[0], std::string("conv"));
  CHECK(seen_dims[0] == (Shape{1, 6, 6, 4}));
  CHECK(seen_dims[1] == (Shape{1, 3, 3, 4}));
  CHECK_EQ(last_done, 6u);
  CHECK_EQ(total, 6u);
  REQUIRE(result.op_times.size() == 6);
  CHECK_EQ(result.op_times[4].op, std::string("FullConnection"));
  for (const OpTiming& t : result.op_times) CHECK(t.ms >= 0.0);
  std::atomic<bool> cancel{true};
  RunOptions cancelled;
  cancelled.cancel = &cancel;
  CHECK(exec->Run({Span<const float>(x)}, cancelled, &result).code() == ErrorCode::kCancelled);
}

TEST(EngineExecutor, WeightEditsAreSeenWithoutPreparingAgain) {
  SmallCnn cnn;
  std::unique_ptr<Executor> exec;
  REQUIRE_OK(Executor::Create(cnn.b.g, ExecutorOptions(), &exec));
  REQUIRE_OK(exec->Prepare());
  const std::vector<float> x = Random(72, 12);
  RunResult before, after;
  REQUIRE_OK(exec->Run({Span<const float>(x)}, RunOptions(), &before));
  // Zero the convolution weights in the graph (as a pruning mask would): only biases remain.
  Span<float> w = cnn.b.g.tensors[cnn.conv_w_tensor].MutableFloats();
  REQUIRE(w.size() == cnn.conv_w.size());
  for (float& v : w) v = 0.0f;
  REQUIRE_OK(exec->Run({Span<const float>(x)}, RunOptions(), &after));
  std::fill(cnn.conv_w.begin(), cnn.conv_w.end(), 0.0f);
  const std::vector<float> expected = cnn.Expected(x);
  for (size_t i = 0; i < 3; ++i) CHECK_NEAR(after.outputs[0].data[i], expected[i], 1e-5);
  CHECK(before.outputs[0].data != after.outputs[0].data);
  // A change of storage size is caught, not read out of bounds.
  cnn.b.g.tensors[cnn.conv_w_tensor].data.SetOwned(std::vector<uint8_t>(8));
  CHECK(exec->Run({Span<const float>(x)}, RunOptions(), &after).code() == ErrorCode::kBadArgument);
}

TEST(EngineExecutor, ArenaReusesMemoryAlongAChain) {
  Builder b;
  uint32_t t = b.Input("x", {1, 64, 64, 4});
  for (int i = 0; i < 8; ++i) {
    uint32_t next = 0;
    graph::Node& relu = b.Node(op::kActivation, "relu" + std::to_string(i), {t}, &next);
    relu.SetInt("activation_type", graph::activation::kRelu);
    t = next;
  }
  b.g.outputs = {t};
  std::unique_ptr<Executor> exec;
  REQUIRE_OK(Executor::Create(b.g, ExecutorOptions(), &exec));
  REQUIRE_OK(exec->Prepare());
  const size_t one = 64 * 64 * 4 * sizeof(float);
  CHECK(exec->arena_bytes() <= 2 * one + 1024);  // two live buffers at a time, not eight
  std::vector<float> x = Random(64 * 64 * 4, 13);
  RunResult result;
  REQUIRE_OK(exec->Run({Span<const float>(x)}, RunOptions(), &result));
  for (size_t i = 0; i < x.size(); ++i) CHECK_NEAR(result.outputs[0].data[i], std::max(x[i], 0.0f), 0);
}

TEST(EngineExecutor, UnsupportedOpsAreNamedBeforeRunning) {
  Builder b;
  uint32_t x = b.Input("x", {1, 4}), y = 0, z = 0;
  b.Node(op::kGather, "lookup", {x, b.Ints("idx", {0})}, &y);
  b.Node(op::kCustom, "mystery", {y}, &z);
  b.g.outputs = {z};
  std::unique_ptr<Executor> exec;
  const Status status = Executor::Create(b.g, ExecutorOptions(), &exec);
  CHECK(status.code() == ErrorCode::kUnsupportedOp);
  CHECK(status.message().find("Gather (node 'lookup')") != std::string::npos);
  CHECK(status.message().find("'mystery'") != std::string::npos);
  CHECK(exec == nullptr);
}

TEST(EngineExecutor, TrainingGraphsAreRefused) {
  Builder b;
  uint32_t x = b.Input("x", {1, 4}), y = 0, z = 0;
  b.Node(op::kActivation, "Default/network-WithLossCell/_backbone/relu", {x}, &y);
  b.Node(op::kActivation, "Default/network-WithLossCell/_loss_fn-L1Loss/Abs", {y}, &z);
  b.g.outputs = {z};
  std::unique_ptr<Executor> exec;
  const Status status = Executor::Create(b.g, ExecutorOptions(), &exec);
  CHECK(status.code() == ErrorCode::kUnsupported);
  CHECK(status.message().find("training graph") != std::string::npos);
}

TEST(EngineExecutor, BadInputsAndShapesAreBadArguments) {
  SmallCnn cnn;
  std::unique_ptr<Executor> exec;
  REQUIRE_OK(Executor::Create(cnn.b.g, ExecutorOptions(), &exec));
  RunResult result;
  const std::vector<float> x = Random(72, 14);
  CHECK(exec->Run({Span<const float>(x)}, RunOptions(), &result).code() == ErrorCode::kBadArgument);  // not prepared
  REQUIRE_OK(exec->Prepare());
  CHECK(exec->Run({Span<const float>(x.data(), 71)}, RunOptions(), &result).code() == ErrorCode::kBadArgument);
  CHECK(exec->Run({}, RunOptions(), &result).code() == ErrorCode::kBadArgument);
  CHECK(exec->Run({Span<const float>(x), Span<const float>(x)}, RunOptions(), &result).code() == ErrorCode::kBadArgument);
  std::vector<Shape> wrong_rank = {{6, 6, 2}};
  CHECK(exec->Prepare(&wrong_rank).code() == ErrorCode::kBadArgument);
  CHECK(!exec->prepared());
  std::vector<Shape> zero = {{0, 6, 6, 2}};
  CHECK(exec->Prepare(&zero).code() == ErrorCode::kBadArgument);
  std::vector<Shape> huge = {{1 << 20, 1 << 20, 6, 2}};
  CHECK(exec->Prepare(&huge).code() == ErrorCode::kBadArgument);
  std::vector<Shape> two = {{1, 6, 6, 2}, {1, 6, 6, 2}};
  CHECK(exec->Prepare(&two).code() == ErrorCode::kBadArgument);
  // A spatial size the FC weight cannot take: BAD_ARGUMENT naming the node.
  std::vector<Shape> bigger = {{1, 8, 8, 2}};
  const Status status = exec->Prepare(&bigger);
  CHECK(status.code() == ErrorCode::kBadArgument);
  CHECK(status.message().find("'fc'") != std::string::npos);
  // A tensor nothing produces.
  Builder b;
  uint32_t in = b.Input("x", {1, 2}), y = 0;
  graph::Tensor orphan;
  orphan.name = "orphan";
  b.g.tensors.push_back(orphan);
  b.Node(op::kAddFusion, "add", {in, static_cast<uint32_t>(b.g.tensors.size() - 1)}, &y);
  b.g.outputs = {y};
  REQUIRE_OK(Executor::Create(b.g, ExecutorOptions(), &exec));
  CHECK(exec->Prepare().code() == ErrorCode::kInvalidModel);
}

TEST(EngineExecutor, WrittenAndReReadGraphRunsTheSame) {
  SmallCnn cnn;
  std::vector<uint8_t> bytes;
  REQUIRE_OK(ms::WriteModel(cnn.b.g, &bytes));
  std::unique_ptr<graph::Model> model;
  REQUIRE_OK(graph::Model::FromBytes(std::move(bytes), &model));
  std::unique_ptr<Executor> in_memory, from_file;
  REQUIRE_OK(Executor::Create(cnn.b.g, ExecutorOptions(), &in_memory));
  REQUIRE_OK(Executor::Create(model->graph(), ExecutorOptions(), &from_file));
  REQUIRE_OK(in_memory->Prepare());
  REQUIRE_OK(from_file->Prepare());
  const std::vector<float> x = Random(72, 15);
  RunResult a, b;
  REQUIRE_OK(in_memory->Run({Span<const float>(x)}, RunOptions(), &a));
  REQUIRE_OK(from_file->Run({Span<const float>(x)}, RunOptions(), &b));
  CHECK(a.outputs[0].dims == b.outputs[0].dims);
  CHECK(a.outputs[0].data == b.outputs[0].data);
}
