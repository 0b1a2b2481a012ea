// The engine on the converter-made models in ../shared/fixtures/ms: ml_face_isface.ms reproduces
// its reference output within 1e-4, every inference fixture runs end to end (batch override and
// threads included), and the training graphs are refused with the reason.
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <string>
#include <vector>

#include "engine/executor.h"
#include "graph/model.h"
#include "testing.h"

using namespace prunelab;
using namespace prunelab::engine;

namespace {

Status Load(const std::string& name, std::unique_ptr<graph::Model>* model) {
  std::vector<uint8_t> bytes;
  if (!prunelab_test::ReadFile(prunelab_test::FixtureDir() + "/" + name, &bytes)) return IoError("cannot read " + name);
  return graph::Model::FromBytes(std::move(bytes), model);
}

// The reference input (NCHW [1,3,48,48] float32) as NHWC, and the reference output.
bool FaceData(std::vector<float>* nhwc, std::vector<float>* expected) {
  std::vector<uint8_t> in, out;
  const std::string dir = prunelab_test::FixtureDir();
  if (!prunelab_test::ReadFile(dir + "/ml_face_isface_0.input", &in) || in.size() != 3 * 48 * 48 * 4) return false;
  if (!prunelab_test::ReadFile(dir + "/ml_face_isface0.output", &out) || out.size() < 4) return false;
  std::vector<float> nchw(3 * 48 * 48);
  std::memcpy(nchw.data(), in.data(), in.size());
  nhwc->resize(nchw.size());
  for (size_t c = 0; c < 3; ++c)
    for (size_t p = 0; p < 48 * 48; ++p) (*nhwc)[p * 3 + c] = nchw[c * 48 * 48 + p];
  uint32_t ndim = 0;
  std::memcpy(&ndim, out.data(), 4);
  size_t count = 1;
  for (uint32_t i = 0; i < ndim; ++i) {
    uint32_t d = 0;
    std::memcpy(&d, out.data() + 4 + 4 * i, 4);
    count *= d;
  }
  const size_t offset = 4 + 4 * static_cast<size_t>(ndim);
  if (out.size() != offset + count * 4) return false;
  expected->resize(count);
  std::memcpy(expected->data(), out.data() + offset, count * 4);
  return true;
}

std::vector<float> Deterministic(size_t n) {
  std::vector<float> v(n);
  for (size_t i = 0; i < n; ++i) v[i] = static_cast<float>((i * 7919) % 1000) / 500.0f - 1.0f;
  return v;
}

}  // namespace

TEST(EngineFixtures, FaceModelReproducesReferenceOutput) {
  if (prunelab_test::FixtureDir().empty()) SKIP("shared fixtures not found (../shared/fixtures/ms)");
  std::unique_ptr<graph::Model> model;
  REQUIRE_OK(Load("ml_face_isface.ms", &model));
  std::vector<float> x, expected;
  REQUIRE(FaceData(&x, &expected));
  REQUIRE(expected.size() == 2);
  for (int threads : {1, 2}) {
    std::unique_ptr<Executor> exec;
    ExecutorOptions options;
    options.threads = threads;
    REQUIRE_OK(Executor::Create(model->graph(), options, &exec));
    REQUIRE_OK(exec->Prepare());
    RunResult result;
    REQUIRE_OK(exec->Run({Span<const float>(x)}, RunOptions(), &result));
    REQUIRE(result.outputs.size() == 1);
    CHECK(result.outputs[0].dims == (Shape{1, 2}));
    for (size_t i = 0; i < 2; ++i) CHECK_NEAR(result.outputs[0].data[i], expected[i], 1e-4);
  }
}

TEST(EngineFixtures, FaceModelBatchOfThreeMatchesSingleRuns) {
  if (prunelab_test::FixtureDir().empty()) SKIP("shared fixtures not found (../shared/fixtures/ms)");
  std::unique_ptr<graph::Model> model;
  REQUIRE_OK(Load("ml_face_isface.ms", &model));
  std::vector<float> face, expected;
  REQUIRE(FaceData(&face, &expected));
  // Batch: the face, a dimmed face, noise.
  std::vector<float> batch = face;
  for (float v : face) batch.push_back(v * 0.5f);
  const std::vector<float> noise = Deterministic(face.size());
  batch.insert(batch.end(), noise.begin(), noise.end());
  std::unique_ptr<Executor> exec;
  ExecutorOptions options;
  options.threads = 2;
  REQUIRE_OK(Executor::Create(model->graph(), options, &exec));
  const std::vector<Shape> dims = {{3, 48, 48, 3}};
  REQUIRE_OK(exec->Prepare(&dims));
  RunResult together;
  REQUIRE_OK(exec->Run({Span<const float>(batch)}, RunOptions(), &together));
  CHECK(together.outputs[0].dims == (Shape{3, 2}));
  REQUIRE_OK(exec->Prepare());
  for (size_t n = 0; n < 3; ++n) {
    RunResult single;
    REQUIRE_OK(exec->Run({Span<const float>(batch.data() + n * face.size(), face.size())}, RunOptions(), &single));
    for (size_t i = 0; i < 2; ++i) CHECK_NEAR(together.outputs[0].data[n * 2 + i], single.outputs[0].data[i], 1e-5);
  }
}

TEST(EngineFixtures, EveryInferenceFixtureRuns) {
  if (prunelab_test::FixtureDir().empty()) SKIP("shared fixtures not found (../shared/fixtures/ms)");
  struct Expect {
    const char* file;
    std::vector<Shape> outputs;
  };
  const Expect fixtures[] = {
      {"lenet_tod_infer.ms", {{2, 10}}},
      {"parallel.ms", {{1, 1, 2, 4, 2}, {1, 1, 2, 4, 1}, {1, 1, 2, 4, 2}}},
      {"two_add_operators.ms", {{1, 3, 640, 640}}},
  };
  for (const Expect& f : fixtures) {
    std::unique_ptr<graph::Model> model;
    REQUIRE_OK(Load(f.file, &model));
    std::unique_ptr<Executor> exec;
    REQUIRE_OK(Executor::Create(model->graph(), ExecutorOptions(), &exec));
    REQUIRE_OK(exec->Prepare());
    std::vector<std::vector<float>> feeds;
    std::vector<Span<const float>> inputs;
    for (const Shape& d : exec->input_dims()) feeds.push_back(Deterministic(static_cast<size_t>(ElementCount(d))));
    for (const auto& feed : feeds) inputs.emplace_back(feed.data(), feed.size());
    RunResult result;
    REQUIRE_OK(exec->Run(inputs, RunOptions(), &result));
    REQUIRE(result.outputs.size() == f.outputs.size());
    for (size_t i = 0; i < f.outputs.size(); ++i) {
      CHECK(result.outputs[i].dims == f.outputs[i]);
      bool finite = true;
      for (float v : result.outputs[i].data) finite = finite && std::isfinite(v);
      CHECK(finite);
    }
    if (std::string(f.file) == "two_add_operators.ms") {
      // y = (a + c) + b with the scalar constant c of the file: check it from two elements.
      const float c = result.outputs[0].data[0] - feeds[0][0] - feeds[1][0];
      CHECK_NEAR(result.outputs[0].data[12345], feeds[0][12345] + c + feeds[1][12345], 1e-5);
    }
  }
}

TEST(EngineFixtures, LenetFollowsAnOverriddenBatch) {
  if (prunelab_test::FixtureDir().empty()) SKIP("shared fixtures not found (../shared/fixtures/ms)");
  std::unique_ptr<graph::Model> model;
  REQUIRE_OK(Load("lenet_tod_infer.ms", &model));
  std::unique_ptr<Executor> exec;
  REQUIRE_OK(Executor::Create(model->graph(), ExecutorOptions(), &exec));
  REQUIRE_OK(exec->Prepare());  // stored batch 2
  const std::vector<float> two = Deterministic(2 * 32 * 32);
  RunResult pair;
  REQUIRE_OK(exec->Run({Span<const float>(two)}, RunOptions(), &pair));
  const std::vector<Shape> dims = {{4, 32, 32, 1}};
  REQUIRE_OK(exec->Prepare(&dims));  // the Reshape constant [2,-1] follows the batch
  std::vector<float> four = two;
  four.insert(four.end(), two.begin(), two.end());
  RunResult quad;
  REQUIRE_OK(exec->Run({Span<const float>(four)}, RunOptions(), &quad));
  CHECK(quad.outputs[0].dims == (Shape{4, 10}));
  for (size_t i = 0; i < 40; ++i) CHECK_NEAR(quad.outputs[0].data[i], pair.outputs[0].data[i % 20], 1e-5);
}

TEST(EngineFixtures, TrainingGraphsAreRefusedWithTheReason) {
  if (prunelab_test::FixtureDir().empty()) SKIP("shared fixtures not found (../shared/fixtures/ms)");
  for (const char* file : {"lenet_train.ms", "conv_train_model.ms"}) {
    std::unique_ptr<graph::Model> model;
    REQUIRE_OK(Load(file, &model));
    std::unique_ptr<Executor> exec;
    const Status status = Executor::Create(model->graph(), ExecutorOptions(), &exec);
    CHECK(status.code() == ErrorCode::kUnsupported);
    CHECK(status.message().find("training graph") != std::string::npos);
  }
}

// Random attribute values, input shapes and constant shapes on real models: every outcome must
// be a Status (or a run), never a crash, hang or sanitizer report.
TEST(EngineFixtures, MutatedModelsNeverCrash) {
  if (prunelab_test::FixtureDir().empty()) SKIP("shared fixtures not found (../shared/fixtures/ms)");
  const int64_t interesting[] = {-(int64_t{1} << 62), -7, -1, 0, 1, 2, 3, 5, 64, 1 << 20, int64_t{1} << 40};
  std::vector<std::unique_ptr<graph::Model>> originals;
  for (const char* file : {"ml_face_isface.ms", "lenet_tod_infer.ms", "parallel.ms"}) {
    originals.emplace_back();
    REQUIRE_OK(Load(file, &originals.back()));
  }
  uint64_t state = 12345;
  auto next = [&state]() {
    state = state * 6364136223846793005ULL + 1442695040888963407ULL;
    return static_cast<uint64_t>(state >> 33);
  };
  int ran = 0, refused = 0;
  // PRUNELAB_MUTATION_TRIALS raises the count for a longer local hunt.
  const char* env = std::getenv("PRUNELAB_MUTATION_TRIALS");
  const int trials = env != nullptr ? std::max(1, std::atoi(env)) : 150;
  if (env != nullptr) state += static_cast<uint64_t>(trials);
  for (int trial = 0; trial < trials; ++trial) {
    std::unique_ptr<graph::Model> model = originals[static_cast<size_t>(trial) % originals.size()]->Clone();
    graph::Graph& g = model->graph();
    for (int edit = 0; edit < 2; ++edit) {
      const uint64_t what = next() % 4;
      if (what <= 1 && !g.nodes.empty()) {  // an attribute
        graph::Node& node = g.nodes[next() % g.nodes.size()];
        const graph::OpSpec* spec = graph::FindOpSpec(node.op_type);
        if (spec == nullptr || spec->field_count == 0) continue;
        const graph::FieldSpec& field = spec->fields[next() % spec->field_count];
        const int64_t value = interesting[next() % (sizeof(interesting) / sizeof(interesting[0]))];
        if (field.kind == graph::FieldKind::kInt64Vec || field.kind == graph::FieldKind::kInt32Vec) {
          std::vector<int64_t> values(next() % 6);
          for (int64_t& v : values) v = interesting[next() % (sizeof(interesting) / sizeof(interesting[0]))];
          node.SetInts(field.name, values);
        } else if (field.kind == graph::FieldKind::kFloat32) {
          node.SetFloat(field.name, static_cast<double>(value));
        } else {
          node.SetInt(field.name, value);
        }
      } else if (what == 2 && !g.tensors.empty()) {  // a tensor's declared dims
        graph::Tensor& tensor = g.tensors[next() % g.tensors.size()];
        if (!tensor.dims.empty()) tensor.dims[next() % tensor.dims.size()] = static_cast<int32_t>(interesting[next() % 8]);
      } else if (!g.nodes.empty()) {  // rewire an input
        graph::Node& node = g.nodes[next() % g.nodes.size()];
        if (!node.inputs.empty()) node.inputs[next() % node.inputs.size()] = static_cast<uint32_t>(next() % (g.tensors.size() + 2));
      }
    }
    std::unique_ptr<Executor> exec;
    ExecutorOptions options;
    options.threads = 1 + trial % 2;
    Status status = Executor::Create(g, options, &exec);
    if (status.ok()) status = exec->Prepare();
    if (status.ok()) {
      std::vector<std::vector<float>> feeds;
      std::vector<Span<const float>> inputs;
      for (const Shape& d : exec->input_dims()) feeds.push_back(Deterministic(static_cast<size_t>(ElementCount(d))));
      for (const auto& feed : feeds) inputs.emplace_back(feed.data(), feed.size());
      RunResult result;
      status = exec->Run(inputs, RunOptions(), &result);
    }
    if (status.ok()) {
      ++ran;
    } else {
      ++refused;
      CHECK(status.code() != ErrorCode::kInternal);
      CHECK(!status.message().empty());
    }
  }
  std::printf("    %d mutated models ran, %d were refused with a typed error\n", ran, refused);
  CHECK(ran > 0);
  CHECK(refused > 0);
}
