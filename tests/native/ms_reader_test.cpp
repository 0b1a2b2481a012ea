// The .ms reader on the converter-made fixtures and on hand-made bad headers.
#include <cstring>
#include <map>
#include <memory>
#include <string>

#include "graph/model.h"
#include "testing.h"

using prunelab::ErrorCode;
using prunelab::Status;
using prunelab::graph::Model;

namespace {

const char* const kFixtures[] = {"conv_train_model.ms", "lenet_tod_infer.ms", "lenet_train.ms",
                                 "ml_face_isface.ms",   "parallel.ms",        "two_add_operators.ms"};

bool LoadFixture(const std::string& name, std::vector<uint8_t>* bytes) {
  const std::string dir = prunelab_test::FixtureDir();
  return !dir.empty() && prunelab_test::ReadFile(dir + "/" + name, bytes);
}

std::map<std::string, int> OpCounts(const prunelab::graph::Graph& graph) {
  std::map<std::string, int> counts;
  for (const auto& node : graph.nodes) ++counts[node.OpName()];
  return counts;
}

}  // namespace

TEST(MsReader, EveryFixtureLoadsWithDataViews) {
  if (prunelab_test::FixtureDir().empty()) SKIP("shared fixtures not found (../shared/fixtures/ms)");
  for (const char* name : kFixtures) {
    std::vector<uint8_t> bytes;
    REQUIRE(LoadFixture(name, &bytes));
    const size_t size = bytes.size();
    std::unique_ptr<Model> model;
    REQUIRE_OK(Model::FromBytes(std::move(bytes), &model));
    CHECK_EQ(model->source_size(), size);
    const auto& graph = model->graph();
    CHECK(!graph.nodes.empty());
    CHECK(!graph.inputs.empty());
    CHECK(!graph.outputs.empty());
    CHECK_EQ(graph.subgraphs.size(), 1u);
    REQUIRE_OK(graph.Validate());
    for (const auto& tensor : graph.tensors) {
      if (tensor.HasData()) CHECK(tensor.data.is_view());  // zero-copy: weights stay in the file's buffer
      if (tensor.dtype == prunelab::graph::DataType::kFloat32 && tensor.HasData()) {
        CHECK_EQ(tensor.Floats().size() * 4, tensor.data.size());
      }
    }
  }
}

TEST(MsReader, FaceModelStructure) {
  std::vector<uint8_t> bytes;
  if (!LoadFixture("ml_face_isface.ms", &bytes)) SKIP("shared fixtures not found (../shared/fixtures/ms)");
  std::unique_ptr<Model> model;
  REQUIRE_OK(Model::FromBytes(std::move(bytes), &model));
  const auto& graph = model->graph();
  auto counts = OpCounts(graph);
  CHECK_EQ(counts["Conv2DFusion"], 4);
  CHECK_EQ(counts["MaxPoolFusion"], 3);
  CHECK_EQ(counts["FullConnection"], 2);
  CHECK_EQ(counts["Softmax"], 1);
  CHECK_EQ(counts["Activation"], 4);
  CHECK_EQ(counts["Transpose"], 1);
  CHECK_EQ(graph.version, std::string("MindSpore Lite 1.5.0"));
  CHECK_EQ(graph.fmk_type, prunelab::graph::fmk::kCaffe);
  REQUIRE(graph.inputs.size() == 1 && graph.outputs.size() == 1);
  const auto& input = graph.tensors[graph.inputs[0]];
  CHECK_EQ(input.name, std::string("data"));
  CHECK(input.dims == std::vector<int32_t>({1, 48, 48, 3}));
  CHECK_EQ(input.format, prunelab::graph::format::kNHWC);
  CHECK(graph.tensors[graph.outputs[0]].dims == std::vector<int32_t>({1, 2}));
  // conv1: OHWI weight [16,3,3,3], 3x3 kernel, 16 outputs, attributes by name.
  const auto& conv1 = graph.nodes[0];
  CHECK_EQ(conv1.OpName(), std::string("Conv2DFusion"));
  CHECK(conv1.Ints("kernel_size") == std::vector<int64_t>({3, 3}));
  CHECK_EQ(conv1.Int("out_channel"), 16);
  CHECK_EQ(conv1.Int("group"), 1);
  CHECK_EQ(conv1.Int("pad_mode"), 0);  // absent in the file: the schema default
  CHECK(graph.tensors[conv1.inputs[1]].dims == std::vector<int32_t>({16, 3, 3, 3}));
  CHECK(!graph.IsTrainingGraph());
  CHECK(!graph.HasQuantizedWeights());
}

TEST(MsReader, TrainingGraphsAreFlagged) {
  for (const char* name : {"lenet_train.ms", "conv_train_model.ms"}) {
    std::vector<uint8_t> bytes;
    if (!LoadFixture(name, &bytes)) SKIP("shared fixtures not found (../shared/fixtures/ms)");
    std::unique_ptr<Model> model;
    REQUIRE_OK(Model::FromBytes(std::move(bytes), &model));
    CHECK(model->graph().IsTrainingGraph());
  }
  for (const char* name : {"lenet_tod_infer.ms", "parallel.ms", "two_add_operators.ms"}) {
    std::vector<uint8_t> bytes;
    REQUIRE(LoadFixture(name, &bytes));
    std::unique_ptr<Model> model;
    REQUIRE_OK(Model::FromBytes(std::move(bytes), &model));
    CHECK(!model->graph().IsTrainingGraph());
    CHECK(!model->graph().HasQuantizedWeights());  // lenet_tod_infer marks nodes QUANT_WEIGHT but keeps float weights
  }
}

TEST(MsReader, InPlaceWeightEditWritesThroughTheBuffer) {
  std::vector<uint8_t> bytes;
  if (!LoadFixture("ml_face_isface.ms", &bytes)) SKIP("shared fixtures not found (../shared/fixtures/ms)");
  std::unique_ptr<Model> model;
  REQUIRE_OK(Model::FromBytes(std::move(bytes), &model));
  auto& weight = model->graph().tensors[1];
  auto floats = weight.MutableFloats();
  REQUIRE(floats.size() == 16u * 3 * 3 * 3);
  floats[0] = 0.0f;
  floats[5] = 42.5f;
  // Another model cloned now sees the edit, because the edit went into the model's own buffer.
  std::unique_ptr<Model> copy = model->Clone();
  CHECK_EQ(copy->graph().tensors[1].Floats()[5], 42.5f);
  CHECK(copy->graph().tensors[1].data.bytes().data() != weight.data.bytes().data());
  // And the clone is independent afterwards.
  copy->graph().tensors[1].MutableFloats()[5] = 1.0f;
  CHECK_EQ(model->graph().tensors[1].Floats()[5], 42.5f);
}

namespace {
Status LoadBytes(std::vector<uint8_t> bytes) {
  std::unique_ptr<Model> model;
  return Model::FromBytes(std::move(bytes), &model);
}
bool MessageHas(const Status& status, const char* text) { return status.message().find(text) != std::string::npos; }
}  // namespace

TEST(MsReader, RejectsBadHeaders) {
  Status empty = LoadBytes({});
  CHECK(empty.code() == ErrorCode::kInvalidModel);
  CHECK(MessageHas(empty, "bytes long"));

  std::vector<uint8_t> msl1 = {12, 0, 0, 0, 'M', 'S', 'L', '1', 0, 0, 0, 0, 0, 0, 0, 0};
  Status old = LoadBytes(msl1);
  CHECK(old.code() == ErrorCode::kInvalidModel);
  CHECK(MessageHas(old, "MSL1"));

  std::vector<uint8_t> png = {0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n', 0, 0, 0, 0};
  Status wrong = LoadBytes(png);
  CHECK(wrong.code() == ErrorCode::kInvalidModel);
  CHECK(MessageHas(wrong, "MSL2"));

  // Right identifier, root offset far past the end.
  std::vector<uint8_t> past = {0xff, 0xff, 0, 0, 'M', 'S', 'L', '2', 0, 0, 0, 0};
  Status beyond = LoadBytes(past);
  CHECK(beyond.code() == ErrorCode::kInvalidModel);
}

TEST(MsReader, TruncatedFixtureIsInvalid) {
  std::vector<uint8_t> bytes;
  if (!LoadFixture("ml_face_isface.ms", &bytes)) SKIP("shared fixtures not found (../shared/fixtures/ms)");
  // (The last bytes of a FlatBuffer may be alignment padding, so a cut by a byte or two can stay valid.)
  for (size_t keep : {size_t{7}, size_t{64}, bytes.size() / 2, bytes.size() * 9 / 10}) {
    std::vector<uint8_t> cut(bytes.begin(), bytes.begin() + static_cast<long>(keep));
    Status status = LoadBytes(std::move(cut));
    CHECK(status.code() == ErrorCode::kInvalidModel);
    CHECK(!status.message().empty());
  }
}
