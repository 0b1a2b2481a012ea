// Shape inference: the fixtures' own dims are reproduced, overrides propagate, rules on small graphs.
#include <cstring>
#include <memory>
#include <string>

#include "graph/model.h"
#include "graph/shape_inference.h"
#include "testing.h"

using namespace prunelab::graph;
using prunelab::ErrorCode;
using Dims = std::vector<int32_t>;

namespace {

std::unique_ptr<Model> LoadFixture(const char* name) {
  const std::string dir = prunelab_test::FixtureDir();
  std::vector<uint8_t> bytes;
  if (dir.empty() || !prunelab_test::ReadFile(dir + "/" + name, &bytes)) return nullptr;
  std::unique_ptr<Model> model;
  if (!Model::FromBytes(std::move(bytes), &model).ok()) return nullptr;
  return model;
}

Tensor Const(std::vector<int32_t> values) {
  Tensor t;
  t.role = tensor_role::kConstant;
  t.dtype = DataType::kInt32;
  t.dims = {static_cast<int32_t>(values.size())};
  std::vector<uint8_t> bytes(values.size() * 4);
  if (!values.empty()) std::memcpy(bytes.data(), values.data(), bytes.size());
  t.data.SetOwned(std::move(bytes));
  return t;
}

Tensor Activation(Dims dims) {
  Tensor t;
  t.dims = std::move(dims);
  return t;
}

// One node reading `inputs` (tensor 0 is the graph input) and writing one new tensor.
Graph OneNode(int32_t type, std::vector<Tensor> inputs, Node* node_out = nullptr) {
  Graph graph;
  graph.tensors = std::move(inputs);
  Node node;
  node.name = "n";
  node.op_type = type;
  for (uint32_t i = 0; i < graph.tensors.size(); ++i) node.inputs.push_back(i);
  graph.tensors.push_back(Activation({}));
  node.outputs = {static_cast<uint32_t>(graph.tensors.size() - 1)};
  if (node_out != nullptr) {
    node.attrs = node_out->attrs;
  }
  graph.nodes.push_back(node);
  graph.inputs = {0};
  graph.outputs = node.outputs;
  return graph;
}

Dims InferOut(Graph& graph, prunelab::Status* status = nullptr) {
  std::vector<Dims> dims;
  prunelab::Status s = InferShapes(graph, nullptr, &dims);
  if (status != nullptr) *status = s;
  return s.ok() ? dims[graph.nodes[0].outputs[0]] : Dims({-99});
}

}  // namespace

TEST(GraphShape, InferenceFixturesReproduceTheirDims) {
  for (const char* name : {"ml_face_isface.ms", "lenet_tod_infer.ms", "parallel.ms", "two_add_operators.ms"}) {
    std::unique_ptr<Model> model = LoadFixture(name);
    if (model == nullptr) SKIP("shared fixtures not found (../shared/fixtures/ms)");
    const Graph& graph = model->graph();
    std::vector<Dims> dims;
    REQUIRE_OK(InferShapes(graph, nullptr, &dims));
    REQUIRE(dims.size() == graph.tensors.size());
    for (size_t t = 0; t < dims.size(); ++t) {
      if (dims[t] != graph.tensors[t].dims) {
        std::printf("    %s tensor %zu '%s'\n", name, t, graph.tensors[t].name.c_str());
        CHECK(dims[t] == graph.tensors[t].dims);
      }
    }
  }
}

TEST(GraphShape, InputOverridePropagates) {
  std::unique_ptr<Model> model = LoadFixture("ml_face_isface.ms");
  if (model == nullptr) SKIP("shared fixtures not found (../shared/fixtures/ms)");
  const Graph& graph = model->graph();
  std::vector<Dims> dims;
  const std::vector<Dims> batch4 = {{4, 48, 48, 3}};
  REQUIRE_OK(InferShapes(graph, &batch4, &dims));
  CHECK(dims[graph.outputs[0]] == Dims({4, 2}));
  CHECK(dims[3] == Dims({4, 46, 46, 16}));
  // 64x64 images no longer flatten to the FC's 1152 features.
  const std::vector<Dims> bigger = {{1, 64, 64, 3}};
  const prunelab::Status status = InferShapes(graph, &bigger, &dims);
  CHECK(status.code() == ErrorCode::kBadArgument);
  CHECK(status.message().find("fc5") != std::string::npos);
  const std::vector<Dims> wrong_count = {};
  CHECK(InferShapes(graph, &wrong_count, &dims).code() == ErrorCode::kBadArgument);
}

TEST(GraphShape, TrainingGraphNamesTheMissingRule) {
  std::unique_ptr<Model> model = LoadFixture("lenet_train.ms");
  if (model == nullptr) SKIP("shared fixtures not found (../shared/fixtures/ms)");
  std::vector<Dims> dims;
  const prunelab::Status status = InferShapes(model->graph(), nullptr, &dims);
  CHECK(status.code() == ErrorCode::kUnsupportedOp);
  CHECK(status.message().find("no shape rule for") != std::string::npos);
  CHECK_EQ(dims.size(), model->graph().tensors.size());  // best effort still filled
}

TEST(GraphShape, ReshapeFlattenTranspose) {
  Graph reshape = OneNode(op::kReshape, {Activation({2, 3, 4}), Const({0, -1})});
  CHECK(InferOut(reshape) == Dims({2, 12}));
  Graph bad = OneNode(op::kReshape, {Activation({2, 3, 4}), Const({5, -1})});
  prunelab::Status status;
  InferOut(bad, &status);
  CHECK(status.code() == ErrorCode::kInvalidModel);
  Graph two_unknown = OneNode(op::kReshape, {Activation({2, 3, 4}), Const({-1, -1})});
  InferOut(two_unknown, &status);
  CHECK(!status.ok());
  Graph flatten = OneNode(op::kFlatten, {Activation({2, 3, 4, 5})});
  CHECK(InferOut(flatten) == Dims({2, 60}));
  Graph transpose = OneNode(op::kTranspose, {Activation({1, 3, 3, 128}), Const({0, 3, 1, 2})});
  CHECK(InferOut(transpose) == Dims({1, 128, 3, 3}));
  Graph bad_perm = OneNode(op::kTranspose, {Activation({1, 2, 3}), Const({0, 0, 1})});
  InferOut(bad_perm, &status);
  CHECK(!status.ok());
}

TEST(GraphShape, PoolingModes) {
  Node pool;
  pool.op_type = op::kMaxPoolFusion;
  pool.SetInts("kernel_size", {3, 3});
  pool.SetInts("strides", {2, 2});
  Graph floor_mode = OneNode(op::kMaxPoolFusion, {Activation({1, 46, 46, 16})}, &pool);
  CHECK(InferOut(floor_mode) == Dims({1, 22, 22, 16}));
  pool.SetInt("round_mode", 1);
  Graph ceil_mode = OneNode(op::kMaxPoolFusion, {Activation({1, 46, 46, 16})}, &pool);
  CHECK(InferOut(ceil_mode) == Dims({1, 23, 23, 16}));
  pool.SetInt("pad_mode", pad_mode::kSame);
  Graph same = OneNode(op::kMaxPoolFusion, {Activation({1, 45, 45, 16})}, &pool);
  CHECK(InferOut(same) == Dims({1, 23, 23, 16}));
  Node global;
  global.op_type = op::kAvgPoolFusion;
  global.SetInt("global", 1);
  Graph global_pool = OneNode(op::kAvgPoolFusion, {Activation({2, 7, 7, 64})}, &global);
  CHECK(InferOut(global_pool) == Dims({2, 1, 1, 64}));
}

TEST(GraphShape, ConvStrideDilationPads) {
  Node conv;
  conv.op_type = op::kConv2DFusion;
  conv.SetInts("kernel_size", {3, 3});
  conv.SetInts("stride", {2, 2});
  conv.SetInts("dilation", {1, 1});
  conv.SetInts("pad_list", {1, 1, 1, 1});
  conv.SetInt("group", 1);
  Tensor weight = Activation({8, 3, 3, 4});
  Graph graph = OneNode(op::kConv2DFusion, {Activation({1, 32, 32, 4}), weight}, &conv);
  CHECK(InferOut(graph) == Dims({1, 16, 16, 8}));
  Graph mismatch = OneNode(op::kConv2DFusion, {Activation({1, 32, 32, 5}), weight}, &conv);
  prunelab::Status status;
  InferOut(mismatch, &status);
  CHECK(status.code() == ErrorCode::kInvalidModel);
  conv.SetInt("group", 4);  // depthwise: weight [C, kH, kW, 1]
  Graph depthwise = OneNode(op::kConv2DFusion, {Activation({1, 32, 32, 4}), Activation({4, 3, 3, 1})}, &conv);
  CHECK(InferOut(depthwise) == Dims({1, 16, 16, 4}));
}

TEST(GraphShape, MatMulFullConnectionBroadcast) {
  Node mm;
  mm.op_type = op::kMatMulFusion;
  mm.SetInt("transpose_b", 1);
  Graph matmul = OneNode(op::kMatMulFusion, {Activation({2, 400}), Activation({120, 400})}, &mm);
  CHECK(InferOut(matmul) == Dims({2, 120}));
  Node fc;
  fc.op_type = op::kFullConnection;
  fc.SetInt("use_axis", 1);
  fc.SetInt("axis", 1);
  Graph full = OneNode(op::kFullConnection, {Activation({1, 128, 3, 3}), Activation({256, 1152})}, &fc);
  CHECK(InferOut(full) == Dims({1, 256}));
  Graph add = OneNode(op::kAddFusion, {Activation({2, 1, 5}), Activation({3, 1})});
  CHECK(InferOut(add) == Dims({2, 3, 5}));
  Graph no_broadcast = OneNode(op::kMulFusion, {Activation({2, 4}), Activation({3})});
  prunelab::Status status;
  InferOut(no_broadcast, &status);
  CHECK(status.code() == ErrorCode::kInvalidModel);
}

TEST(GraphShape, SqueezeConcatPadReduceSliceStack) {
  Node squeeze;
  squeeze.op_type = op::kSqueeze;
  Graph all_ones = OneNode(op::kSqueeze, {Activation({1, 3, 1, 2})}, &squeeze);
  CHECK(InferOut(all_ones) == Dims({3, 2}));
  Node unsqueeze;
  unsqueeze.op_type = op::kUnsqueeze;
  unsqueeze.SetInts("axis", {0, -1});
  Graph unsq = OneNode(op::kUnsqueeze, {Activation({3, 2})}, &unsqueeze);
  CHECK(InferOut(unsq) == Dims({1, 3, 2, 1}));
  Graph expand = OneNode(op::kExpandDims, {Activation({3, 2}), Const({1})});
  CHECK(InferOut(expand) == Dims({3, 1, 2}));
  Node concat;
  concat.op_type = op::kConcat;
  concat.SetInt("axis", -1);
  Graph cat = OneNode(op::kConcat, {Activation({2, 3, 4}), Activation({2, 3, 5})}, &concat);
  CHECK(InferOut(cat) == Dims({2, 3, 9}));
  Graph pad = OneNode(op::kPadFusion, {Activation({1, 4, 4, 2}), Const({0, 0, 1, 2, 1, 1, 0, 0})});
  CHECK(InferOut(pad) == Dims({1, 7, 6, 2}));
  Node reduce;
  reduce.op_type = op::kReduceFusion;
  reduce.SetInt("keep_dims", 1);
  Graph mean = OneNode(op::kReduceFusion, {Activation({2, 5, 5, 8}), Const({1, 2})}, &reduce);
  CHECK(InferOut(mean) == Dims({2, 1, 1, 8}));
  reduce.SetInt("keep_dims", 0);
  Graph sum = OneNode(op::kReduceFusion, {Activation({2, 5, 5, 8}), Const({1, 2})}, &reduce);
  CHECK(InferOut(sum) == Dims({2, 8}));
  Node slice;
  slice.op_type = op::kStridedSlice;
  slice.SetInt("shrink_axis_mask", 1);
  Graph strided = OneNode(op::kStridedSlice, {Activation({4, 10, 6}), Const({1, 0, -3}), Const({2, 10, 6}), Const({1, 2, 1})}, &slice);
  CHECK(InferOut(strided) == Dims({5, 3}));
  Graph reversed = OneNode(op::kStridedSlice, {Activation({10}), Const({-1}), Const({-11}), Const({-1})});
  CHECK(InferOut(reversed) == Dims({10}));
  Node stack;
  stack.op_type = op::kStack;
  stack.SetInt("axis", 1);
  Graph stacked = OneNode(op::kStack, {Activation({2, 3}), Activation({2, 3}), Activation({2, 3})}, &stack);
  CHECK(InferOut(stacked) == Dims({2, 3, 3}));
}

TEST(GraphShape, UnknownDimsPropagateAndOpsWithoutRules) {
  Graph dynamic = OneNode(op::kActivation, {Activation({-1, 8})});
  CHECK(InferOut(dynamic) == Dims({-1, 8}));
  Graph custom = OneNode(op::kCustom, {Activation({1, 2})});
  prunelab::Status status;
  InferOut(custom, &status);
  CHECK(status.code() == ErrorCode::kUnsupportedOp);
  CHECK(status.message().find("Custom") != std::string::npos);
  CHECK(!HasShapeRule(op::kCustom));
  CHECK(HasShapeRule(op::kConv2DFusion));
}
