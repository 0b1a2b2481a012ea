// Pruning never crashes on odd but loadable models: every shared fixture, mutated byte by byte
// with a fixed seed; whatever loads is pruned with each method, and each call either succeeds
// (and the result re-encodes) or returns a typed error. Run under ASan/UBSan.
#include <cstdio>
#include <memory>
#include <string>
#include <vector>

#include "graph/model.h"
#include "prune/pruner.h"
#include "testing.h"

using namespace prunelab;
using namespace prunelab::prune;

namespace {

uint64_t Next(uint64_t* state) {
  *state ^= *state << 13;
  *state ^= *state >> 7;
  *state ^= *state << 17;
  return *state;
}

std::vector<PrunePlan> Plans() {
  std::vector<PrunePlan> plans(4);
  plans[0].method = Method::kUnstructured;
  plans[0].has_sparsity = true;
  plans[0].sparsity = 0.7;
  plans[0].scope = Scope::kGlobal;
  plans[1].method = Method::kNM;
  plans[2].method = Method::kStructured;
  plans[2].criterion = Criterion::kL2;
  plans[2].has_sparsity = true;
  plans[2].sparsity = 0.5;
  plans[2].keep_first_conv = false;
  plans[3] = plans[2];
  plans[3].scope = Scope::kGlobal;
  plans[3].round_to = 4;
  return plans;
}

}  // namespace

TEST(PruneRobustness, MutatedFixturesNeverCrash) {
  const std::string dir = prunelab_test::FixtureDir();
  if (dir.empty()) SKIP("shared fixtures not found");
  uint64_t state = 0x9e3779b97f4a7c15ull;
  int loaded = 0, pruned = 0;
  for (const char* name : {"ml_face_isface.ms", "lenet_tod_infer.ms", "parallel.ms", "two_add_operators.ms",
                           "conv_train_model.ms"}) {
    std::vector<uint8_t> original;
    REQUIRE(prunelab_test::ReadFile(dir + "/" + name, &original));
    for (int round = 0; round < 60; ++round) {
      std::vector<uint8_t> bytes = original;
      const int flips = 1 + static_cast<int>(Next(&state) % 8);
      for (int f = 0; f < flips; ++f) bytes[Next(&state) % bytes.size()] ^= static_cast<uint8_t>(1u << (Next(&state) % 8));
      std::unique_ptr<graph::Model> model;
      if (!graph::Model::FromBytes(std::move(bytes), &model).ok()) continue;
      ++loaded;
      for (const PrunePlan& plan : Plans()) {
        auto copy = model->Clone();
        PruneReport report;
        const Status s = PruneModel(copy.get(), plan, PruneInputs(), &report);
        if (!s.ok()) {
          // A typed refusal with a message; INTERNAL would be a bug of the pruner.
          if (s.code() == ErrorCode::kInternal) std::printf("    %s: %s\n", name, s.message().c_str());
          CHECK(s.code() != ErrorCode::kInternal);
          CHECK(!s.message().empty());
          continue;
        }
        ++pruned;
        REQUIRE_OK(copy->graph().Validate());
        std::vector<uint8_t> out;
        const Status written = copy->ToBytes(&out);
        if (written.ok()) {
          std::unique_ptr<graph::Model> reread;
          const Status read = graph::Model::FromBytes(std::move(out), &reread);
          if (!read.ok()) std::printf("    %s: pruned model does not read back: %s\n", name, read.message().c_str());
          CHECK(read.ok());
        } else {
          CHECK(written.code() != ErrorCode::kInternal);
        }
      }
    }
  }
  std::printf("    %d mutated models loaded, %d pruned successfully\n", loaded, pruned);
  CHECK(loaded > 0);
  CHECK(pruned > 0);
}
