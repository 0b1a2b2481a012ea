// Each op of the engine run as a one-node graph built in memory, against hand-computed values,
// plus the BAD_ARGUMENT / UNSUPPORTED_OP paths of their prepare steps.
#include <cmath>
#include <cstring>
#include <memory>
#include <string>
#include <vector>

#include "engine/executor.h"
#include "graph/types.h"
#include "testing.h"

using namespace prunelab;
using namespace prunelab::engine;
namespace op = graph::op;

namespace {

// A graph with one node: inputs are graph inputs (activations) or constants, one output.
class OneNode {
 public:
  explicit OneNode(int32_t op_type) {
    node_.op_type = op_type;
    node_.name = "n";
  }
  OneNode& Input(Shape dims, std::vector<float> values) {
    graph::Tensor t;
    t.name = "in" + std::to_string(g_.tensors.size());
    t.dims = dims;
    t.format = graph::format::kNHWC;
    g_.inputs.push_back(static_cast<uint32_t>(g_.tensors.size()));
    node_.inputs.push_back(static_cast<uint32_t>(g_.tensors.size()));
    g_.tensors.push_back(t);
    feeds_.push_back(std::move(values));
    return *this;
  }
  OneNode& Const(Shape dims, const std::vector<float>& values, int32_t format = graph::format::kNHWC) {
    graph::Tensor t;
    t.name = "c" + std::to_string(g_.tensors.size());
    t.role = graph::tensor_role::kConstant;
    t.dims = dims;
    t.format = format;
    std::vector<uint8_t> bytes(values.size() * 4);
    if (!values.empty()) std::memcpy(bytes.data(), values.data(), bytes.size());
    t.data.SetOwned(std::move(bytes));
    node_.inputs.push_back(static_cast<uint32_t>(g_.tensors.size()));
    g_.tensors.push_back(std::move(t));
    return *this;
  }
  OneNode& Ints(const std::vector<int32_t>& values, Shape dims = {}) {
    graph::Tensor t;
    t.name = "i" + std::to_string(g_.tensors.size());
    t.role = graph::tensor_role::kConstant;
    t.dtype = graph::DataType::kInt32;
    t.dims = dims.empty() ? Shape{static_cast<int32_t>(values.size())} : dims;
    std::vector<uint8_t> bytes(values.size() * 4);
    if (!values.empty()) std::memcpy(bytes.data(), values.data(), bytes.size());
    t.data.SetOwned(std::move(bytes));
    node_.inputs.push_back(static_cast<uint32_t>(g_.tensors.size()));
    g_.tensors.push_back(std::move(t));
    return *this;
  }
  graph::Node& node() { return node_; }

  // Builds, prepares and runs; the output's dims and values on success.
  Status Run(Shape* dims, std::vector<float>* out) {
    graph::Tensor y;
    y.name = "y";
    node_.outputs = {static_cast<uint32_t>(g_.tensors.size())};
    g_.outputs = node_.outputs;
    g_.tensors.push_back(y);
    g_.nodes = {node_};
    std::unique_ptr<Executor> exec;
    PRUNELAB_RETURN_IF_ERROR(Executor::Create(g_, ExecutorOptions(), &exec));
    PRUNELAB_RETURN_IF_ERROR(exec->Prepare());
    std::vector<Span<const float>> inputs;
    for (const auto& f : feeds_) inputs.emplace_back(f.data(), f.size());
    RunResult result;
    PRUNELAB_RETURN_IF_ERROR(exec->Run(inputs, RunOptions(), &result));
    *dims = result.outputs[0].dims;
    *out = result.outputs[0].data;
    return Status::Ok();
  }

 private:
  graph::Graph g_;
  graph::Node node_;
  std::vector<std::vector<float>> feeds_;
};

void ExpectValues(const std::vector<float>& got, const std::vector<float>& want, double tol = 1e-5) {
  CHECK_EQ(got.size(), want.size());
  for (size_t i = 0; i < std::min(got.size(), want.size()); ++i) CHECK_NEAR(got[i], want[i], tol);
}

ErrorCode CodeOf(OneNode& n) {
  Shape dims;
  std::vector<float> out;
  return n.Run(&dims, &out).code();
}

}  // namespace

TEST(EngineOps, Conv2DFusionWithBiasSameAndRelu) {
  OneNode n(op::kConv2DFusion);
  n.Input({1, 2, 2, 1}, {1, 2, 3, 4}).Const({1, 3, 3, 1}, {0, 0, 0, 0, 1, 1, 0, 1, 1}).Const({1}, {-5});
  n.node().SetInts("kernel_size", {3, 3});
  n.node().SetInts("stride", {1, 1});
  n.node().SetInts("dilation", {1, 1});
  n.node().SetInt("pad_mode", graph::pad_mode::kSame);
  n.node().SetInt("group", 1);
  n.node().SetInt("activation_type", graph::activation::kRelu);
  Shape dims;
  std::vector<float> out;
  REQUIRE_OK(n.Run(&dims, &out));
  CHECK(dims == (Shape{1, 2, 2, 1}));
  // Each output sums its own pixel and the ones right, below and below-right, minus 5.
  ExpectValues(out, {5, 1, 2, 0});
}

TEST(EngineOps, Conv2DFusionRefusesBadWeights) {
  OneNode wrong_channels(op::kConv2DFusion);
  wrong_channels.Input({1, 4, 4, 3}, std::vector<float>(48)).Const({2, 3, 3, 2}, std::vector<float>(36));
  wrong_channels.node().SetInt("group", 1);
  CHECK(CodeOf(wrong_channels) == ErrorCode::kBadArgument);
  OneNode nchw_weights(op::kConv2DFusion);
  nchw_weights.Input({1, 4, 4, 2}, std::vector<float>(32)).Const({2, 2, 3, 3}, std::vector<float>(36), graph::format::kNCHW);
  CHECK(CodeOf(nchw_weights) == ErrorCode::kUnsupportedOp);
  OneNode too_big_kernel(op::kConv2DFusion);
  too_big_kernel.Input({1, 2, 2, 1}, std::vector<float>(4)).Const({1, 3, 3, 1}, std::vector<float>(9));
  too_big_kernel.node().SetInt("pad_mode", graph::pad_mode::kValid);
  CHECK(CodeOf(too_big_kernel) == ErrorCode::kBadArgument);
  OneNode weight_as_int(op::kConv2DFusion);
  weight_as_int.Input({1, 2, 2, 1}, std::vector<float>(4)).Ints({1}, {1, 1, 1, 1});
  CHECK(CodeOf(weight_as_int) == ErrorCode::kUnsupportedOp);
}

TEST(EngineOps, FullConnectionFlattensAndMatMulTransposes) {
  OneNode fc(op::kFullConnection);
  fc.Input({2, 1, 3}, {1, 2, 3, 4, 5, 6}).Const({2, 3}, {1, 0, -1, 1, 1, 1}).Const({2}, {10, 20});
  fc.node().SetInt("has_bias", 1);
  Shape dims;
  std::vector<float> out;
  REQUIRE_OK(fc.Run(&dims, &out));
  CHECK(dims == (Shape{2, 2}));
  ExpectValues(out, {8, 26, 8, 35});
  OneNode mm(op::kMatMulFusion);
  mm.Input({2, 2}, {1, 2, 3, 4}).Const({2, 2}, {1, 1, 0, 1});  // with transpose_a: Aᵀ = [[1,3],[2,4]]
  mm.node().SetInt("transpose_a", 1);
  REQUIRE_OK(mm.Run(&dims, &out));
  ExpectValues(out, {1, 4, 2, 6});
  OneNode batched(op::kMatMulFusion);
  batched.Input({2, 1, 2}, {1, 2, 3, 4}).Const({2, 2}, {1, 0, 0, 1}).Const({2}, {0.5f, -0.5f});  // shared B, bias
  batched.node().SetInt("transpose_b", 1);
  REQUIRE_OK(batched.Run(&dims, &out));
  CHECK(dims == (Shape{2, 1, 2}));
  ExpectValues(out, {1.5f, 1.5f, 3.5f, 3.5f});
  OneNode mismatch(op::kMatMulFusion);
  mismatch.Input({2, 3}, std::vector<float>(6)).Const({2, 2}, std::vector<float>(4));
  CHECK(CodeOf(mismatch) == ErrorCode::kBadArgument);
}

TEST(EngineOps, ArithmeticBroadcastAndBiasAdd) {
  OneNode div(op::kDivFusion);
  div.Input({2, 2}, {2, 4, 6, 8}).Const({}, {2});
  Shape dims;
  std::vector<float> out;
  REQUIRE_OK(div.Run(&dims, &out));
  ExpectValues(out, {1, 2, 3, 4});
  OneNode sub(op::kSubFusion);
  sub.Input({2, 1}, {1, 2}).Input({3}, {1, 2, 3});
  sub.node().SetInt("activation_type", graph::activation::kRelu);
  REQUIRE_OK(sub.Run(&dims, &out));
  CHECK(dims == (Shape{2, 3}));
  ExpectValues(out, {0, 0, 0, 1, 0, 0});
  OneNode bias(op::kBiasAdd);
  bias.Input({1, 1, 2, 3}, {0, 0, 0, 1, 1, 1}).Const({3}, {1, 2, 3});
  REQUIRE_OK(bias.Run(&dims, &out));
  ExpectValues(out, {1, 2, 3, 2, 3, 4});
  OneNode bad(op::kAddFusion);
  bad.Input({2, 3}, std::vector<float>(6)).Input({2}, std::vector<float>(2));
  CHECK(CodeOf(bad) == ErrorCode::kBadArgument);
}

TEST(EngineOps, ActivationsAndUnaryMath) {
  OneNode leaky(op::kActivation);
  leaky.Input({4}, {-2, -1, 0, 3});
  leaky.node().SetInt("activation_type", graph::activation::kLeakyRelu);
  leaky.node().SetFloat("alpha", 0.5);
  Shape dims;
  std::vector<float> out;
  REQUIRE_OK(leaky.Run(&dims, &out));
  ExpectValues(out, {-1, -0.5f, 0, 3});
  OneNode unsupported(op::kActivation);
  unsupported.Input({1}, {1});
  unsupported.node().SetInt("activation_type", graph::activation::kSelu);
  CHECK(CodeOf(unsupported) == ErrorCode::kUnsupportedOp);
  OneNode rsqrt(op::kRsqrt);
  rsqrt.Input({3}, {1, 4, 16});
  REQUIRE_OK(rsqrt.Run(&dims, &out));
  ExpectValues(out, {1, 0.5f, 0.25f});
  OneNode sqrt(op::kSqrt);
  sqrt.Input({2}, {9, 2});
  REQUIRE_OK(sqrt.Run(&dims, &out));
  ExpectValues(out, {3, std::sqrt(2.0f)});
}

TEST(EngineOps, PoolingGlobalAndCeil) {
  OneNode global(op::kAvgPoolFusion);
  global.Input({1, 2, 2, 2}, {1, 10, 2, 20, 3, 30, 4, 40});
  global.node().SetInt("global", 1);
  Shape dims;
  std::vector<float> out;
  REQUIRE_OK(global.Run(&dims, &out));
  CHECK(dims == (Shape{1, 1, 1, 2}));
  ExpectValues(out, {2.5f, 25});
  OneNode ceil(op::kMaxPoolFusion);
  ceil.Input({1, 3, 3, 1}, {1, 2, 3, 4, 5, 6, 7, 8, 9});
  ceil.node().SetInts("kernel_size", {2, 2});
  ceil.node().SetInts("strides", {2, 2});
  ceil.node().SetInt("round_mode", 1);
  REQUIRE_OK(ceil.Run(&dims, &out));
  CHECK(dims == (Shape{1, 2, 2, 1}));
  ExpectValues(out, {5, 6, 8, 9});
  OneNode flat(op::kMaxPoolFusion);
  flat.Input({1, 3, 3}, std::vector<float>(9));
  CHECK(CodeOf(flat) == ErrorCode::kBadArgument);
}

TEST(EngineOps, ShapeOps) {
  Shape dims;
  std::vector<float> out;
  OneNode reshape(op::kReshape);
  reshape.Input({2, 3, 2}, std::vector<float>(12, 1)).Ints({0, -1});
  REQUIRE_OK(reshape.Run(&dims, &out));
  CHECK(dims == (Shape{2, 6}));
  OneNode bad_reshape(op::kReshape);
  bad_reshape.Input({2, 3}, std::vector<float>(6)).Ints({4, -1});
  CHECK(CodeOf(bad_reshape) == ErrorCode::kBadArgument);
  OneNode two_unknown(op::kReshape);
  two_unknown.Input({2, 3}, std::vector<float>(6)).Ints({-1, -1});
  CHECK(CodeOf(two_unknown) == ErrorCode::kBadArgument);
  OneNode flatten(op::kFlatten);
  flatten.Input({2, 2, 3}, std::vector<float>(12));
  REQUIRE_OK(flatten.Run(&dims, &out));
  CHECK(dims == (Shape{2, 6}));
  OneNode squeeze(op::kSqueeze);
  squeeze.Input({1, 3, 1}, {1, 2, 3});
  REQUIRE_OK(squeeze.Run(&dims, &out));
  CHECK(dims == (Shape{3}));
  OneNode squeeze_axis(op::kSqueeze);
  squeeze_axis.Input({1, 3, 1}, {1, 2, 3});
  squeeze_axis.node().SetInts("axis", {-1});
  REQUIRE_OK(squeeze_axis.Run(&dims, &out));
  CHECK(dims == (Shape{1, 3}));
  OneNode squeeze_bad(op::kSqueeze);
  squeeze_bad.Input({1, 3}, {1, 2, 3});
  squeeze_bad.node().SetInts("axis", {1});
  CHECK(CodeOf(squeeze_bad) == ErrorCode::kBadArgument);
  OneNode unsqueeze(op::kUnsqueeze);
  unsqueeze.Input({3}, {1, 2, 3});
  unsqueeze.node().SetInts("axis", {0, 2});
  REQUIRE_OK(unsqueeze.Run(&dims, &out));
  CHECK(dims == (Shape{1, 3, 1}));
  OneNode expand(op::kExpandDims);
  expand.Input({2, 2}, {1, 2, 3, 4}).Ints({-1}, {1});
  REQUIRE_OK(expand.Run(&dims, &out));
  CHECK(dims == (Shape{2, 2, 1}));
  ExpectValues(out, {1, 2, 3, 4});
  OneNode transpose(op::kTranspose);
  transpose.Input({2, 3}, {1, 2, 3, 4, 5, 6}).Ints({1, 0});
  REQUIRE_OK(transpose.Run(&dims, &out));
  CHECK(dims == (Shape{3, 2}));
  ExpectValues(out, {1, 4, 2, 5, 3, 6});
  OneNode bad_perm(op::kTranspose);
  bad_perm.Input({2, 3}, std::vector<float>(6)).Ints({0, 0});
  CHECK(CodeOf(bad_perm) == ErrorCode::kBadArgument);
  OneNode runtime_perm(op::kTranspose);
  runtime_perm.Input({2, 3}, std::vector<float>(6)).Input({2}, {1, 0});
  CHECK(CodeOf(runtime_perm) == ErrorCode::kUnsupportedOp);
}

TEST(EngineOps, ConcatStackSoftmax) {
  Shape dims;
  std::vector<float> out;
  OneNode concat(op::kConcat);
  concat.Input({1, 2}, {1, 2}).Const({1, 1}, {3});
  concat.node().SetInt("axis", -1);
  REQUIRE_OK(concat.Run(&dims, &out));
  CHECK(dims == (Shape{1, 3}));
  ExpectValues(out, {1, 2, 3});
  OneNode stack(op::kStack);
  stack.Input({2}, {1, 2}).Input({2}, {3, 4});
  stack.node().SetInt("axis", 1);
  REQUIRE_OK(stack.Run(&dims, &out));
  CHECK(dims == (Shape{2, 2}));
  ExpectValues(out, {1, 3, 2, 4});
  OneNode softmax(op::kSoftmax);
  softmax.Input({1, 2}, {0, 0});
  REQUIRE_OK(softmax.Run(&dims, &out));
  ExpectValues(out, {0.5f, 0.5f});
}

TEST(EngineOps, NormalizationOps) {
  Shape dims;
  std::vector<float> out;
  OneNode bn(op::kBatchNorm);
  bn.Input({1, 1, 2, 2}, {1, 2, 3, 4}).Const({2}, {1, 2}).Const({2}, {4, 16});
  bn.node().SetFloat("epsilon", 0.0);
  REQUIRE_OK(bn.Run(&dims, &out));
  ExpectValues(out, {0, 0, 1, 0.5f});  // (x - mean) / sqrt(var)
  OneNode fused(op::kFusedBatchNorm);
  fused.Input({1, 2}, {1, 2}).Const({2}, {2, 3}).Const({2}, {1, 1}).Const({2}, {0, 0}).Const({2}, {1, 1});
  fused.node().SetFloat("epsilon", 0.0);
  REQUIRE_OK(fused.Run(&dims, &out));
  ExpectValues(out, {3, 7});
  OneNode scale(op::kScaleFusion);
  scale.Input({1, 2, 2}, {1, 2, 3, 4}).Const({2}, {10, 100}).Const({2}, {1, -1});
  scale.node().SetInt("axis", 1);  // per row
  REQUIRE_OK(scale.Run(&dims, &out));
  ExpectValues(out, {11, 21, 299, 399});
  OneNode bad_scale(op::kScaleFusion);
  bad_scale.Input({1, 2, 2}, std::vector<float>(4)).Const({3}, {1, 2, 3});
  bad_scale.node().SetInt("axis", -1);
  CHECK(CodeOf(bad_scale) == ErrorCode::kBadArgument);
}

TEST(EngineOps, PadReduceStridedSlice) {
  Shape dims;
  std::vector<float> out;
  OneNode pad(op::kPadFusion);
  pad.Input({1, 2}, {1, 2}).Ints({0, 1, 1, 0}, {2, 2});
  pad.node().SetFloat("constant_value", -1.0);
  REQUIRE_OK(pad.Run(&dims, &out));
  CHECK(dims == (Shape{2, 3}));
  ExpectValues(out, {-1, 1, 2, -1, -1, -1});
  OneNode reduce(op::kReduceFusion);
  reduce.Input({2, 3}, {1, 2, 3, 4, 5, 6}).Ints({1}, {1});
  reduce.node().SetInt("mode", 4);  // sum
  reduce.node().SetInt("keep_dims", 1);
  REQUIRE_OK(reduce.Run(&dims, &out));
  CHECK(dims == (Shape{2, 1}));
  ExpectValues(out, {6, 15});
  OneNode reduce_scalar(op::kReduceFusion);
  reduce_scalar.Input({1, 2, 4, 3}, std::vector<float>(24, 2.0f)).Ints({-1}, {});  // a scalar axis, as in parallel.ms
  reduce_scalar.node().SetInt("mode", 0);
  reduce_scalar.node().SetInt("keep_dims", 1);
  REQUIRE_OK(reduce_scalar.Run(&dims, &out));
  CHECK(dims == (Shape{1, 2, 4, 1}));
  OneNode reduce_all(op::kReduceFusion);
  reduce_all.Input({2, 2}, {1, 2, 3, 4}).Ints({}, {0});  // an empty axes constant reduces everything
  reduce_all.node().SetInt("mode", 4);
  REQUIRE_OK(reduce_all.Run(&dims, &out));
  CHECK(dims.empty());
  ExpectValues(out, {10});
  OneNode to_end(op::kReduceFusion);
  to_end.Input({2, 2, 2}, {1, 2, 3, 4, 5, 6, 7, 8}).Ints({1});
  to_end.node().SetInt("mode", 1);  // max
  to_end.node().SetInt("reduce_to_end", 1);
  to_end.node().SetFloat("coeff", 2.0);
  REQUIRE_OK(to_end.Run(&dims, &out));
  CHECK(dims == (Shape{2}));
  ExpectValues(out, {8, 16});
  OneNode slice(op::kStridedSlice);
  slice.Input({3, 4}, {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11}).Ints({1, -1}).Ints({3, 0}).Ints({1, -2});
  REQUIRE_OK(slice.Run(&dims, &out));
  CHECK(dims == (Shape{2, 2}));
  ExpectValues(out, {7, 5, 11, 9});
  OneNode shrink(op::kStridedSlice);
  shrink.Input({3, 4}, {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11}).Ints({2, 0}).Ints({3, 4}).Ints({1, 1});
  shrink.node().SetInt("shrink_axis_mask", 1);
  shrink.node().SetInt("end_mask", 2);
  REQUIRE_OK(shrink.Run(&dims, &out));
  CHECK(dims == (Shape{4}));
  ExpectValues(out, {8, 9, 10, 11});
  OneNode zero_stride(op::kStridedSlice);
  zero_stride.Input({3}, {1, 2, 3}).Ints({0}).Ints({3}).Ints({0});
  CHECK(CodeOf(zero_stride) == ErrorCode::kBadArgument);
}
