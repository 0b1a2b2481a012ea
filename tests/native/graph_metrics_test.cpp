// Parameters, non-zeros and MACs per layer and in total.
#include <map>
#include <memory>
#include <string>

#include "graph/metrics.h"
#include "graph/model.h"
#include "testing.h"

using namespace prunelab::graph;

namespace {
std::unique_ptr<Model> LoadFixture(const char* name) {
  const std::string dir = prunelab_test::FixtureDir();
  std::vector<uint8_t> bytes;
  if (dir.empty() || !prunelab_test::ReadFile(dir + "/" + name, &bytes)) return nullptr;
  std::unique_ptr<Model> model;
  if (!Model::FromBytes(std::move(bytes), &model).ok()) return nullptr;
  return model;
}
}  // namespace

TEST(GraphMetrics, FaceModelCounts) {
  std::unique_ptr<Model> model = LoadFixture("ml_face_isface.ms");
  if (model == nullptr) SKIP("shared fixtures not found (../shared/fixtures/ms)");
  const Graph& graph = model->graph();
  ModelMetrics metrics;
  REQUIRE_OK(ComputeMetrics(graph, model->source_size(), &metrics));
  // Parameters are exactly the float weight and bias elements of the file.
  int64_t float_elements = 0;
  for (const Tensor& t : graph.tensors) {
    if (t.IsFloat32Constant()) float_elements += t.ElementCount();
  }
  CHECK_EQ(metrics.params, float_elements);
  CHECK_EQ(metrics.params, 352162);
  CHECK(metrics.nonzeros > 0 && metrics.nonzeros <= metrics.params);
  // conv: 46*46*16*27 + 21*21*32*144 + 8*8*64*288 + 3*3*128*256; fc: 256*1152 + 2*256.
  CHECK_EQ(metrics.macs, 4716224);
  CHECK(metrics.shapes_inferred);
  CHECK(metrics.macs_complete);
  CHECK_EQ(metrics.file_bytes, 1413080u);
  REQUIRE(metrics.layers.size() == 6u);
  CHECK_EQ(metrics.layers[0].name, std::string("conv1"));
  CHECK_EQ(metrics.layers[0].weight, std::string("conv1/weight"));
  CHECK(metrics.layers[0].weight_dims == std::vector<int32_t>({16, 3, 3, 3}));
  CHECK_EQ(metrics.layers[0].params, 16 * 27 + 16);
  CHECK_EQ(metrics.layers[0].macs, 46 * 46 * 16 * 27);
  CHECK_EQ(metrics.layers[0].bytes, (16u * 27 + 16) * 4);
  CHECK_EQ(metrics.layers[5].op, std::string("FullConnection"));
  CHECK_EQ(metrics.layers[5].macs, 2 * 256);
}

TEST(GraphMetrics, ZeroedWeightsLowerNonZeros) {
  std::unique_ptr<Model> model = LoadFixture("ml_face_isface.ms");
  if (model == nullptr) SKIP("shared fixtures not found (../shared/fixtures/ms)");
  ModelMetrics before;
  REQUIRE_OK(ComputeMetrics(model->graph(), model->source_size(), &before));
  auto weights = model->graph().tensors[1].MutableFloats();
  int64_t zeroed = 0;
  for (float& w : weights) {
    if (w != 0.0f) ++zeroed;
    w = 0.0f;
  }
  ModelMetrics after;
  REQUIRE_OK(ComputeMetrics(model->graph(), model->source_size(), &after));
  CHECK_EQ(after.params, before.params);
  CHECK_EQ(after.nonzeros, before.nonzeros - zeroed);
  CHECK_EQ(after.layers[0].nonzeros, before.layers[0].nonzeros - zeroed);
}

TEST(GraphMetrics, LenetMatMulAndTrainingGraph) {
  std::unique_ptr<Model> infer = LoadFixture("lenet_tod_infer.ms");
  std::unique_ptr<Model> train = LoadFixture("lenet_train.ms");
  if (infer == nullptr || train == nullptr) SKIP("shared fixtures not found (../shared/fixtures/ms)");
  ModelMetrics metrics;
  REQUIRE_OK(ComputeMetrics(infer->graph(), infer->source_size(), &metrics));
  // Batch 2: conv 2*28*28*6*25 + 2*10*10*16*150; fc 2*(120*400 + 84*120 + 10*84).
  CHECK_EQ(metrics.macs, 2 * 28 * 28 * 6 * 25 + 2 * 10 * 10 * 16 * 150 + 2 * (120 * 400 + 84 * 120 + 10 * 84));
  CHECK_EQ(metrics.params, 150 + 2400 + 48000 + 120 + 10080 + 84 + 840 + 10);
  ModelMetrics training;
  REQUIRE_OK(ComputeMetrics(train->graph(), train->source_size(), &training));
  // Same network: optimizer moments and gradients are not parameters of a layer.
  CHECK(!training.layers.empty());
  for (const LayerMetrics& layer : training.layers) CHECK(layer.name.find("optimizer") == std::string::npos);
  CHECK(!training.shapes_inferred);  // gradient ops have no shape rule
}
