// The graph IR's derived structure on hand-built graphs and on the fixtures.
#include <memory>
#include <string>

#include "graph/model.h"
#include "testing.h"

using namespace prunelab::graph;

namespace {

Node MakeNode(const char* name, int32_t type, std::vector<uint32_t> inputs, std::vector<uint32_t> outputs) {
  Node node;
  node.name = name;
  node.op_type = type;
  node.inputs = std::move(inputs);
  node.outputs = std::move(outputs);
  return node;
}

// x(0) -> relu -> 1 ; 1 + w(2) -> 3 ; 3, 1 -> 4. Nodes listed out of order on purpose.
Graph Diamond() {
  Graph graph;
  graph.tensors.resize(5);
  graph.tensors[2].role = tensor_role::kConstant;
  graph.inputs = {0};
  graph.outputs = {4};
  graph.nodes.push_back(MakeNode("sum", op::kAddFusion, {3, 1}, {4}));
  graph.nodes.push_back(MakeNode("relu", op::kActivation, {0}, {1}));
  graph.nodes.push_back(MakeNode("bias", op::kAddFusion, {1, 2}, {3}));
  return graph;
}

}  // namespace

TEST(GraphIr, TypeNamesAndSizes) {
  CHECK_EQ(DataTypeSize(DataType::kFloat32), 4u);
  CHECK_EQ(DataTypeSize(DataType::kInt64), 8u);
  CHECK_EQ(DataTypeSize(DataType::kFloat16), 2u);
  CHECK_EQ(DataTypeSize(DataType::kUnknown), 0u);
  CHECK_EQ(std::string(DataTypeName(DataType::kInt8)), std::string("int8"));
  CHECK_EQ(std::string(DataTypeName(static_cast<DataType>(77))), std::string("type77"));
  CHECK_EQ(std::string(FormatName(format::kKHWC)), std::string("KHWC"));
  CHECK_EQ(std::string(FormatName(99)), std::string("format99"));
  CHECK_EQ(std::string(FmkName(fmk::kTflite)), std::string("TFLITE"));
  CHECK_EQ(OpName(op::kConv2DFusion), std::string("Conv2DFusion"));
  CHECK_EQ(OpName(op::kCustom), std::string("Custom"));
  CHECK_EQ(OpName(240), std::string("Primitive#240"));
}

TEST(GraphIr, EveryNamedOpHasASpec) {
  const int32_t named[] = {op::kActivation, op::kActivationGrad, op::kAdam, op::kAddFusion, op::kAddN,
                           op::kApplyMomentum, op::kArgMaxFusion, op::kAssign, op::kAvgPoolFusion, op::kAvgPoolGrad,
                           op::kBatchNorm, op::kBatchNormGrad, op::kBiasAdd, op::kBiasAddGrad, op::kCast, op::kClip,
                           op::kConcat, op::kConv2DBackpropFilterFusion, op::kConv2DBackpropInputFusion,
                           op::kConv2DFusion, op::kConv2dTransposeFusion, op::kDivFusion, op::kDropout,
                           op::kExpandDims, op::kFlatten, op::kFullConnection, op::kFusedBatchNorm, op::kGather,
                           op::kLayerNormFusion, op::kLeakyRelu, op::kMatMulFusion, op::kMaxPoolFusion,
                           op::kMaxPoolGrad, op::kMulFusion, op::kPadFusion, op::kPReLUFusion, op::kQuantDTypeCast,
                           op::kReduceFusion, op::kReshape, op::kResize, op::kScaleFusion, op::kSGD, op::kShape,
                           op::kSoftmax, op::kSoftmaxCrossEntropyWithLogits,
                           op::kSparseSoftmaxCrossEntropyWithLogits, op::kSplit, op::kSqueeze, op::kStack,
                           op::kStridedSlice, op::kSubFusion, op::kTranspose, op::kUnsqueeze, op::kCustom};
  for (int32_t type : named) {
    const OpSpec* spec = FindOpSpec(type);
    REQUIRE(spec != nullptr);
    CHECK_EQ(spec->type, type);
  }
  // Spot checks against the documented layouts (ms-format.md).
  const OpSpec* conv = FindOpSpec(op::kConv2DFusion);
  REQUIRE(conv->field_count == 11u);
  CHECK_EQ(std::string(conv->fields[7].name), std::string("group"));
  CHECK(conv->fields[4].kind == FieldKind::kInt8);
  CHECK(conv->fields[0].kind == FieldKind::kInt32);
  const OpSpec* fbn = FindOpSpec(op::kFusedBatchNorm);
  CHECK_NEAR(fbn->fields[0].default_value, 1e-4, 1e-12);
  CHECK_NEAR(fbn->fields[1].default_value, 0.9, 1e-12);
  CHECK_EQ(FindOpSpec(op::kFlatten)->fields[0].default_value, 1.0);
  CHECK(FindOpSpec(op::kPadFusion)->fields[0].kind == FieldKind::kInt64Matrix);
  CHECK(FindOpSpec(op::kCustom)->fields[1].kind == FieldKind::kNamedBytesVec);
}

TEST(GraphIr, ProducersConsumersAndOrder) {
  Graph graph = Diamond();
  REQUIRE_OK(graph.Validate());
  const auto producers = graph.Producers();
  CHECK_EQ(producers[0], -1);
  CHECK_EQ(producers[1], 1);
  CHECK_EQ(producers[2], -1);
  CHECK_EQ(producers[4], 0);
  const auto consumers = graph.Consumers();
  CHECK(consumers[1] == std::vector<uint32_t>({0, 2}));
  CHECK(consumers[4].empty());
  std::vector<uint32_t> order;
  REQUIRE_OK(graph.TopologicalOrder(&order));
  CHECK(order == std::vector<uint32_t>({1, 2, 0}));
}

TEST(GraphIr, CycleAndBadIndicesAreInvalid) {
  Graph graph = Diamond();
  graph.nodes[1].inputs = {4};  // relu now reads the sum: a cycle
  std::vector<uint32_t> order;
  const prunelab::Status cycle = graph.TopologicalOrder(&order);
  CHECK(cycle.code() == prunelab::ErrorCode::kInvalidModel);
  CHECK(order.empty());
  Graph bad = Diamond();
  bad.nodes[2].inputs = {1, 9};
  const prunelab::Status status = bad.Validate();
  CHECK(status.code() == prunelab::ErrorCode::kInvalidModel);
  CHECK(status.message().find("tensor 9") != std::string::npos);
  Graph bad_output = Diamond();
  bad_output.outputs = {5};
  CHECK(!bad_output.Validate().ok());
}

TEST(GraphIr, NodeFieldsByName) {
  Node conv = MakeNode("conv", op::kConv2DFusion, {0, 1}, {2});
  CHECK(conv.HasField("group"));
  CHECK(!conv.HasField("axis"));
  CHECK_EQ(conv.Int("group"), 0);           // absent: the schema default
  CHECK_EQ(conv.Int("axis", -3), -3);       // no such field: the fallback
  CHECK(conv.SetInt("group", 4));
  CHECK_EQ(conv.Int("group"), 4);
  CHECK(conv.SetInts("kernel_size", {3, 3}));
  CHECK(conv.Ints("kernel_size") == std::vector<int64_t>({3, 3}));
  CHECK(!conv.SetFloat("group", 1.0));      // wrong kind
  CHECK(!conv.SetInts("group", {1}));
  Node bn = MakeNode("bn", op::kFusedBatchNorm, {}, {});
  CHECK_NEAR(bn.Float("epsilon"), 1e-4, 1e-9);  // non-zero schema default
  CHECK(bn.SetFloat("momentum", 0.5));
  CHECK_NEAR(bn.Float("momentum"), 0.5, 1e-9);
  Node opaque = MakeNode("x", 240, {}, {});
  opaque.attrs.is_opaque = true;
  CHECK(!opaque.HasField("group"));
  CHECK(!opaque.SetInt("group", 1));
}

TEST(GraphIr, TensorHelpers) {
  Tensor t;
  t.dims = {2, 3, 4};
  CHECK_EQ(t.ElementCount(), 24);
  t.dims = {};
  CHECK_EQ(t.ElementCount(), 1);
  t.dims = {-1, 3};
  CHECK_EQ(t.ElementCount(), -1);
  t.dims = {1 << 30, 1 << 30, 1 << 30};
  CHECK_EQ(t.ElementCount(), -1);  // overflows int64
  t.dims = {2, 2};
  CHECK(t.Floats().empty());
  t.data.SetOwned(std::vector<uint8_t>(16, 0));
  CHECK_EQ(t.Floats().size(), 4u);
  t.dims = {5};
  CHECK(t.Floats().empty());  // size does not match the shape
  t.dtype = DataType::kInt8;
  t.dims = {16};
  CHECK(!t.IsQuantizedWeight());
  t.quant_params.resize(1);
  CHECK(t.IsQuantizedWeight());
}

TEST(GraphIr, FixtureTopologyIsComplete) {
  const std::string dir = prunelab_test::FixtureDir();
  if (dir.empty()) SKIP("shared fixtures not found (../shared/fixtures/ms)");
  for (const char* name : {"ml_face_isface.ms", "lenet_train.ms", "parallel.ms", "conv_train_model.ms"}) {
    std::vector<uint8_t> bytes;
    REQUIRE(prunelab_test::ReadFile(dir + "/" + name, &bytes));
    std::unique_ptr<Model> model;
    REQUIRE_OK(Model::FromBytes(std::move(bytes), &model));
    std::vector<uint32_t> order;
    REQUIRE_OK(model->graph().TopologicalOrder(&order));
    CHECK_EQ(order.size(), model->graph().nodes.size());
  }
}
