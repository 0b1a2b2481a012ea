// libFuzzer target for the .ms reader: any input must load or fail with INVALID_MODEL, and a
// loaded model must summarise, re-encode and load again. Built and run by host/tools/fuzz.mjs
// (clang++ -fsanitize=fuzzer,address,undefined) with the shared fixtures as the seed corpus.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <vector>

#include "graph/metrics.h"
#include "graph/model.h"
#include "graph/shape_inference.h"

namespace {

[[noreturn]] void Die(const char* what, const prunelab::Status& status) {
  std::fprintf(stderr, "ms_reader_fuzzer: %s: %s %s\n", what, prunelab::ErrorCodeName(status.code()), status.message().c_str());
  std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using prunelab::graph::Model;
  std::unique_ptr<Model> model;
  const prunelab::Status status = Model::FromBytes(std::vector<uint8_t>(data, data + size), &model);
  if (!status.ok()) {
    if (status.code() != prunelab::ErrorCode::kInvalidModel || status.message().empty()) Die("load", status);
    return 0;
  }
  prunelab::graph::ModelMetrics metrics;
  const prunelab::Status summary = prunelab::graph::ComputeMetrics(model->graph(), size, &metrics);
  if (!summary.ok()) Die("summary", summary);
  std::vector<std::vector<int32_t>> dims;
  (void)prunelab::graph::InferShapes(model->graph(), nullptr, &dims);  // any status; must not crash
  std::vector<uint32_t> order;
  (void)model->graph().TopologicalOrder(&order);
  std::vector<uint8_t> written;
  const prunelab::Status encoded = model->ToBytes(&written);
  if (!encoded.ok()) Die("re-encode", encoded);
  std::unique_ptr<Model> again;
  const prunelab::Status reread = Model::FromBytes(std::move(written), &again);
  if (!reread.ok()) Die("re-read", reread);
  std::unique_ptr<Model> copy = model->Clone();
  if (copy->graph().tensors.size() != model->graph().tensors.size()) std::abort();
  return 0;
}
