// Robustness of the reader: thousands of deterministic byte flips and truncations of every
// fixture (each load either succeeds, and then a summary and a re-encode succeed too, or fails
// with INVALID_MODEL and a reason), plus hand-made damaged files for each kind of bad input.
#include <algorithm>
#include <chrono>
#include <cstring>
#include <memory>
#include <string>

#include "graph/metrics.h"
#include "graph/model.h"
#include "ms/flatbuffer_builder.h"
#include "ms/flatbuffer_view.h"
#include "ms/ms_reader.h"
#include "ms/ms_writer.h"
#include "testing.h"

using prunelab::ByteSpan;
using prunelab::ErrorCode;
using prunelab::Status;
using namespace prunelab::graph;
using prunelab::ms::FbTable;
using prunelab::ms::FbVector;
using prunelab::ms::FlatBufferView;

namespace {

// splitmix64: a small, fixed, portable PRNG so every run mutates the same bytes.
class Rng {
 public:
  explicit Rng(uint64_t seed) : state_(seed) {}
  uint64_t Next() {
    uint64_t z = (state_ += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
  }
  size_t Below(size_t n) { return n == 0 ? 0 : static_cast<size_t>(Next() % n); }

 private:
  uint64_t state_;
};

struct Outcome {
  int loaded = 0;
  int rejected = 0;
  int bad = 0;  // a failure that is not a clean INVALID_MODEL, or a loaded model that cannot be summarised/re-encoded
};

// One load and, when it succeeds, what callers do next: summary (metrics), re-encode, re-read.
void Exercise(std::vector<uint8_t> bytes, Outcome* outcome, std::string* first_problem) {
  const size_t size = bytes.size();
  std::unique_ptr<Model> model;
  const Status status = Model::FromBytes(std::move(bytes), &model);
  auto problem = [&](const std::string& what) {
    ++outcome->bad;
    if (first_problem->empty()) *first_problem = what;
  };
  if (!status.ok()) {
    if (status.code() != ErrorCode::kInvalidModel || status.message().empty()) {
      problem(std::string("load failed with ") + prunelab::ErrorCodeName(status.code()) + ": " + status.message());
    } else {
      ++outcome->rejected;
    }
    return;
  }
  ++outcome->loaded;
  ModelMetrics metrics;
  const Status summary = ComputeMetrics(model->graph(), size, &metrics);
  if (!summary.ok()) return problem("summary of a loaded model failed: " + summary.message());
  std::vector<uint8_t> written;
  const Status encoded = model->ToBytes(&written);
  if (!encoded.ok()) return problem("re-encoding a loaded model failed: " + encoded.message());
  std::unique_ptr<Model> again;
  const Status reread = Model::FromBytes(std::move(written), &again);
  if (!reread.ok()) return problem("the re-encoded model does not load: " + reread.message());
  if (again->graph().tensors.size() != model->graph().tensors.size() || again->graph().nodes.size() != model->graph().nodes.size()) {
    problem("the re-encoded model lost tensors or nodes");
  }
}

// Byte ranges holding weight data: mutations there only change numbers, so half of the
// mutations go to the structure bytes outside them.
std::vector<size_t> StructurePositions(const std::vector<uint8_t>& original) {
  std::vector<bool> is_data(original.size(), false);
  std::vector<uint8_t> buffer = original;
  Graph graph;
  if (prunelab::ms::ReadModel(prunelab::MutableByteSpan(buffer.data(), buffer.size()), prunelab::ms::ReadOptions(), &graph).ok()) {
    for (const Tensor& t : graph.tensors) {
      if (!t.data.is_view()) continue;
      const size_t start = static_cast<size_t>(t.data.view_pointer() - buffer.data());
      for (size_t i = start; i < start + t.data.size(); ++i) is_data[i] = true;
    }
  }
  std::vector<size_t> positions;
  for (size_t i = 0; i < original.size(); ++i) {
    if (!is_data[i]) positions.push_back(i);
  }
  return positions;
}

void Mutate(const std::vector<uint8_t>& original, const std::vector<size_t>& structure, Rng* rng, std::vector<uint8_t>* out) {
  *out = original;
  auto position = [&]() {
    return (rng->Next() & 1) != 0 && !structure.empty() ? structure[rng->Below(structure.size())] : rng->Below(out->size());
  };
  static const uint32_t kInteresting[] = {0u, 1u, 4u, 0x7fu, 0x80u, 0xffu, 0x7fffu, 0xffffu, 0x7fffffffu, 0x80000000u, 0xffffffffu};
  switch (rng->Below(6)) {
    case 0: {  // flip a few bits
      const size_t flips = 1 + rng->Below(4);
      for (size_t i = 0; i < flips; ++i) (*out)[position()] ^= static_cast<uint8_t>(1u << rng->Below(8));
      break;
    }
    case 1:  // a random byte
      (*out)[position()] = static_cast<uint8_t>(rng->Next());
      break;
    case 2: {  // an interesting 32-bit value over an offset, a length or a count
      const size_t pos = position() & ~size_t{3};
      if (pos + 4 <= out->size()) {
        uint32_t value = kInteresting[rng->Below(sizeof(kInteresting) / sizeof(kInteresting[0]))];
        if (rng->Below(4) == 0) value = static_cast<uint32_t>(out->size() - pos + rng->Below(16));
        std::memcpy(out->data() + pos, &value, 4);
      }
      break;
    }
    case 3: {  // a 16-bit value (vtable entries)
      const size_t pos = position() & ~size_t{1};
      if (pos + 2 <= out->size()) {
        const uint16_t value = static_cast<uint16_t>(rng->Below(3) == 0 ? 0 : rng->Next());
        std::memcpy(out->data() + pos, &value, 2);
      }
      break;
    }
    case 4:  // truncate
      out->resize(rng->Below(out->size()));
      break;
    default: {  // truncate and flip
      out->resize(out->size() / 2 + rng->Below(out->size() / 2 + 1));
      if (!out->empty()) (*out)[rng->Below(out->size())] ^= 0xff;
      break;
    }
  }
}

}  // namespace

TEST(MsMutation, FlipsAndTruncationsOfEveryFixture) {
  const std::string dir = prunelab_test::FixtureDir();
  if (dir.empty()) SKIP("shared fixtures not found (../shared/fixtures/ms)");
  const char* const fixtures[] = {"conv_train_model.ms", "lenet_tod_infer.ms", "lenet_train.ms",
                                  "ml_face_isface.ms",   "parallel.ms",        "two_add_operators.ms"};
  int total_loaded = 0, total_rejected = 0;
  for (const char* name : fixtures) {
    std::vector<uint8_t> original;
    REQUIRE(prunelab_test::ReadFile(dir + "/" + name, &original));
    const std::vector<size_t> structure = StructurePositions(original);
    // Small files are cheap: more mutations there, where every byte is structure.
    const int count = original.size() < 64 * 1024 ? 6000 : 2000;
    Rng rng(0x5eed0000u + original.size());
    Outcome outcome;
    std::string first_problem;
    std::vector<uint8_t> mutated;
    const auto start = std::chrono::steady_clock::now();
    for (int i = 0; i < count; ++i) {
      Mutate(original, structure, &rng, &mutated);
      Exercise(std::move(mutated), &outcome, &first_problem);
    }
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    std::printf("    %-22s %5d mutations: %5d loaded, %5d rejected (INVALID_MODEL), %d bad (%.1f s)\n", name, count,
                outcome.loaded, outcome.rejected, outcome.bad, seconds);
    if (!first_problem.empty()) std::printf("    first problem: %s\n", first_problem.c_str());
    CHECK_EQ(outcome.bad, 0);
    CHECK(outcome.rejected > count / 20);  // the mutations do reach the structure
    total_loaded += outcome.loaded;
    total_rejected += outcome.rejected;
  }
  CHECK(total_loaded > 0);
  CHECK(total_rejected > 0);
}

namespace {

// A small valid model: x[1,4,4,2] -> Conv2DFusion(w[3,1,1,2], b[3]) -> y.
std::vector<uint8_t> SmallModel() {
  Graph graph;
  graph.tensors.resize(4);
  graph.tensors[0].name = "x";
  graph.tensors[0].dims = {1, 4, 4, 2};
  graph.tensors[1].name = "w";
  graph.tensors[1].role = tensor_role::kConstant;
  graph.tensors[1].dims = {3, 1, 1, 2};
  graph.tensors[1].data.SetOwned(std::vector<uint8_t>(3 * 2 * 4, 0x3f));
  graph.tensors[2].name = "b";
  graph.tensors[2].role = tensor_role::kConstant;
  graph.tensors[2].dims = {3};
  graph.tensors[2].data.SetOwned(std::vector<uint8_t>(3 * 4, 0));
  graph.tensors[3].name = "y";
  graph.tensors[3].dims = {1, 4, 4, 3};
  Node conv;
  conv.name = "conv";
  conv.op_type = op::kConv2DFusion;
  conv.SetInts("kernel_size", {1, 1});
  conv.SetInt("out_channel", 3);
  conv.inputs = {0, 1, 2};
  conv.outputs = {3};
  graph.nodes.push_back(conv);
  graph.inputs = {0};
  graph.outputs = {3};
  std::vector<uint8_t> bytes;
  if (!prunelab::ms::WriteModel(graph, &bytes).ok()) bytes.clear();
  return bytes;
}

// Positions inside a valid file, found by parsing it.
struct Landmarks {
  uint32_t root_offset = 0;         // the uoffset at byte 0
  uint32_t tensors_length = 0;      // allTensors' length prefix
  uint32_t node_inputs_data = 0;    // node 0's first input index
  uint32_t tensor_dims_data = 0;    // tensor 0's first dim
  uint32_t tensor_name_length = 0;  // tensor 0's name length prefix
};

bool Locate(const std::vector<uint8_t>& bytes, Landmarks* out) {
  FlatBufferView view(ByteSpan(bytes.data(), bytes.size()));
  FbTable meta, node, tensor;
  FbVector tensors, nodes, inputs, dims;
  uint32_t pos = 0;
  if (!view.Root("root", &meta).ok() || !view.VectorField(meta, 7, 4, 4, "t", &tensors).ok() ||
      !view.VectorField(meta, 6, 4, 4, "n", &nodes).ok() || !view.FollowOffset(nodes.data, "n", &pos).ok() ||
      !view.Table(pos, "n", &node).ok() || !view.VectorField(node, 3, 4, 4, "i", &inputs).ok() ||
      !view.FollowOffset(tensors.data, "t", &pos).ok() || !view.Table(pos, "t", &tensor).ok() ||
      !view.VectorField(tensor, 2, 4, 4, "d", &dims).ok() || !view.OffsetField(tensor, 9, "name", &pos).ok()) {
    return false;
  }
  out->tensors_length = tensors.length_pos;
  out->node_inputs_data = inputs.data;
  out->tensor_dims_data = dims.data;
  out->tensor_name_length = pos;
  return true;
}

Status Load(std::vector<uint8_t> bytes) {
  std::unique_ptr<Model> model;
  return Model::FromBytes(std::move(bytes), &model);
}

void Put32(std::vector<uint8_t>* bytes, uint32_t pos, uint32_t value) { std::memcpy(bytes->data() + pos, &value, 4); }

#define CHECK_INVALID(status, text)                                                   \
  do {                                                                                \
    const Status pl_st_ = (status);                                                   \
    CHECK(pl_st_.code() == ErrorCode::kInvalidModel);                                 \
    if (pl_st_.message().find(text) == std::string::npos) {                           \
      std::printf("    message: %s\n", pl_st_.message().c_str());                     \
      CHECK(pl_st_.message().find(text) != std::string::npos);                        \
    }                                                                                 \
  } while (0)

}  // namespace

TEST(MsMutation, TargetedDamage) {
  const std::vector<uint8_t> good = SmallModel();
  REQUIRE(!good.empty());
  REQUIRE_OK(Load(good));
  Landmarks at;
  REQUIRE(Locate(good, &at));

  std::vector<uint8_t> truncated(good.begin(), good.begin() + static_cast<long>(good.size() / 3));
  CHECK_INVALID(Load(truncated), "");
  CHECK_INVALID(Load(std::vector<uint8_t>(good.begin(), good.begin() + 5)), "bytes long");

  std::vector<uint8_t> wrong_id = good;
  std::memcpy(wrong_id.data() + 4, "TFL3", 4);
  CHECK_INVALID(Load(wrong_id), "'TFL3'");
  std::vector<uint8_t> old = good;
  std::memcpy(old.data() + 4, "MSL1", 4);
  CHECK_INVALID(Load(old), "MSL1");

  std::vector<uint8_t> root_past_end = good;
  Put32(&root_past_end, 0, static_cast<uint32_t>(good.size() + 100));
  CHECK_INVALID(Load(root_past_end), "outside the file");

  std::vector<uint8_t> long_vector = good;
  Put32(&long_vector, at.tensors_length, 0x3fffffff);
  CHECK_INVALID(Load(long_vector), "running past the end");

  std::vector<uint8_t> long_string = good;
  Put32(&long_string, at.tensor_name_length, 0xfffffff0u);
  CHECK_INVALID(Load(long_string), "past the end");

  std::vector<uint8_t> bad_index = good;
  Put32(&bad_index, at.node_inputs_data, 99);
  CHECK_INVALID(Load(bad_index), "tensor 99");

  std::vector<uint8_t> huge_dims = good;
  for (uint32_t i = 0; i < 4; ++i) Put32(&huge_dims, at.tensor_dims_data + 4 * i, 0x7fffffff);
  CHECK_INVALID(Load(huge_dims), "absurd element count");

  std::vector<uint8_t> negative_dim = good;
  Put32(&negative_dim, at.tensor_dims_data, static_cast<uint32_t>(-5));
  CHECK_INVALID(Load(negative_dim), "negative dimension");
}

TEST(MsMutation, RefusedFeaturesAndAbsurdStructure) {
  using prunelab::ms::FlatBufferBuilder;
  using prunelab::ms::TableBuilder;
  // A MetaGraph with only `obfuscate` = true.
  {
    FlatBufferBuilder b;
    b.Put<uint32_t>(0);
    b.Append("MSL2", 4);
    TableBuilder meta;
    meta.Bool(9, true);
    const uint32_t pos = meta.Finish(&b);
    REQUIRE_OK(b.Link(0, pos));
    CHECK_INVALID(Load(b.bytes()), "obfuscated");
  }
  // OpenHarmony's `encrypt` (field 10) set.
  {
    FlatBufferBuilder b;
    b.Put<uint32_t>(0);
    b.Append("MSL2", 4);
    TableBuilder meta;
    meta.Bool(10, true);
    const uint32_t pos = meta.Finish(&b);
    REQUIRE_OK(b.Link(0, pos));
    CHECK_INVALID(Load(b.bytes()), "field 10");
  }
  // A tensor with externalData.
  {
    FlatBufferBuilder b;
    b.Put<uint32_t>(0);
    b.Append("MSL2", 4);
    TableBuilder meta;
    meta.Offset(7);
    const uint32_t meta_pos = meta.Finish(&b);
    REQUIRE_OK(b.Link(0, meta_pos));
    const uint32_t tensors = b.OffsetVector(1);
    REQUIRE_OK(b.Link(meta.SlotOf(7), tensors));
    TableBuilder tensor;
    tensor.Offset(12);
    const uint32_t tensor_pos = tensor.Finish(&b);
    REQUIRE_OK(b.Link(tensors + 4, tensor_pos));
    const uint32_t external = b.OffsetVector(1);
    REQUIRE_OK(b.Link(tensor.SlotOf(12), external));
    TableBuilder entry;
    const uint32_t entry_pos = entry.Finish(&b);
    REQUIRE_OK(b.Link(external + 4, entry_pos));
    CHECK_INVALID(Load(b.bytes()), "externalData");
  }
  // 60000 tensor offsets all pointing at one tensor with a long name: decoding it would take
  // gigabytes, far beyond what a 250 KB file can hold.
  {
    FlatBufferBuilder b;
    b.Put<uint32_t>(0);
    b.Append("MSL2", 4);
    TableBuilder meta;
    meta.Offset(7);
    const uint32_t meta_pos = meta.Finish(&b);
    REQUIRE_OK(b.Link(0, meta_pos));
    const uint32_t count = 60000;
    const uint32_t tensors = b.OffsetVector(count);
    REQUIRE_OK(b.Link(meta.SlotOf(7), tensors));
    TableBuilder tensor;
    tensor.Offset(9);
    const uint32_t tensor_pos = tensor.Finish(&b);
    REQUIRE_OK(b.Link(tensor.SlotOf(9), b.String(std::string(20000, 'n'))));
    for (uint32_t i = 0; i < count; ++i) REQUIRE_OK(b.Link(tensors + 4 + 4 * i, tensor_pos));
    CHECK_INVALID(Load(b.bytes()), "more structure");
  }
  // A node without an operator.
  {
    FlatBufferBuilder b;
    b.Put<uint32_t>(0);
    b.Append("MSL2", 4);
    TableBuilder meta;
    meta.Offset(6);
    const uint32_t meta_pos = meta.Finish(&b);
    REQUIRE_OK(b.Link(0, meta_pos));
    const uint32_t nodes = b.OffsetVector(1);
    REQUIRE_OK(b.Link(meta.SlotOf(6), nodes));
    TableBuilder node;
    const uint32_t node_pos = node.Finish(&b);
    REQUIRE_OK(b.Link(nodes + 4, node_pos));
    CHECK_INVALID(Load(b.bytes()), "no operator");
  }
}
